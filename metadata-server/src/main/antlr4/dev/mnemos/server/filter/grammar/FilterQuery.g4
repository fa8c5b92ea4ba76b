// The filter_query language of ML Metadata: a boolean SQL expression over a node's attributes,
// its properties and its neighbours. Alternatives listed earlier bind tighter. Whether the whole
// is boolean, and whether operands fit their operators, is decided by the compiler, not here.
grammar FilterQuery;

query : expr EOF ;

expr
  : LPAREN expr RPAREN                                        # parenthesized
  | MINUS expr                                                # negated
  | expr op=(STAR | SLASH) expr                               # multiplicative
  | expr op=(PLUS | MINUS) expr                               # additive
  | expr op=(EQ | NEQ | LT | LE | GT | GE) expr               # comparison
  | expr NOT? LIKE expr                                       # like
  | expr NOT? IN LPAREN expr (COMMA expr)* RPAREN             # in
  | expr IS NOT? NULL                                         # isNull
  | NOT expr                                                  # not
  | expr AND expr                                             # and
  | expr OR expr                                              # or
  | literal                                                   # literalExpr
  | reference                                                 # referenceExpr
  ;

literal
  : INTEGER                                                   # integerLiteral
  | FLOAT                                                     # floatLiteral
  | STRING                                                    # stringLiteral
  | (TRUE | FALSE)                                            # booleanLiteral
  ;

reference : segment (DOT segment)* ;

segment : IDENTIFIER | BACKQUOTED | INTEGER | AND | OR | NOT | LIKE | IN | IS | NULL | TRUE | FALSE ;

AND : A N D ;
OR : O R ;
NOT : N O T ;
LIKE : L I K E ;
IN : I N ;
IS : I S ;
NULL : N U L L ;
TRUE : T R U E ;
FALSE : F A L S E ;

EQ : '=' ;
NEQ : '!=' | '<>' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA : ',' ;
DOT : '.' ;

FLOAT : DIGIT+ '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;
INTEGER : DIGIT+ ;
STRING : '\'' (~['\\\r\n] | '\\' .)* '\'' | '"' (~["\\\r\n] | '\\' .)* '"' ;
BACKQUOTED : '`' ~[`]+ '`' ;
IDENTIFIER : [a-zA-Z_] [a-zA-Z_0-9]* ;
WHITESPACE : [ \t\r\n]+ -> skip ;
UNEXPECTED : . ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment A : [aA] ; fragment D : [dD] ; fragment E : [eE] ; fragment F : [fF] ; fragment I : [iI] ;
fragment K : [kK] ; fragment L : [lL] ; fragment N : [nN] ; fragment O : [oO] ; fragment R : [rR] ;
fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ;
