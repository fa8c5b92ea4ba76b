// The filter_query language of ML Metadata: a boolean SQL expression over a node's attributes,
// its properties and its neighbours. Alternatives listed earlier bind tighter. Whether the whole
// is boolean, and whether operands fit their operators, is decided by the compiler, not here.
grammar FilterQuery;

@lexer::members {
  // The kind of the last token sent to the parser: a dot right after a name or a number inside a
  // path (`properties.0.int_value`) is a separator, elsewhere `.5` and `1.` are numbers, as in
  // ZetaSQL.
  private int previous = -1;

  @Override
  public Token nextToken() {
    Token next = super.nextToken();
    previous = next.getType();
    return next;
  }

  private boolean inPath() {
    return previous == DOT || previous == IDENTIFIER || previous == BACKQUOTED || previous == INTEGER;
  }
}

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
  | RAW_STRING                                                # rawStringLiteral
  | BYTES                                                     # bytesLiteral
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

FLOAT
  : DIGIT+ '.' DIGIT+ EXPONENT?
  | DIGIT+ EXPONENT
  | DIGIT+ '.' EXPONENT? {!inPath()}?
  | '.' DIGIT+ EXPONENT? {!inPath()}?
  ;
INTEGER : DIGIT+ | '0' [xX] HEX_DIGIT+ ;
// ZetaSQL's string literals: quoted or triple-quoted; r prefixes a raw string (no escapes); b a
// bytes literal, which no attribute of MLMD can be compared with. Escapes are decoded and checked
// by StringLiterals, so that an illegal one gets ZetaSQL's message.
STRING : QUOTED ;
RAW_STRING : [rR] QUOTED ;
BYTES : ([bB] | [bB] [rR] | [rR] [bB]) QUOTED ;
BACKQUOTED : '`' ~[`]+ '`' ;
IDENTIFIER : [a-zA-Z_] [a-zA-Z_0-9]* ;
WHITESPACE : [ \t\r\n]+ -> skip ;
LINE_COMMENT : ('--' | '#') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
UNEXPECTED : . ;

fragment DIGIT : [0-9] ;
fragment HEX_DIGIT : [0-9a-fA-F] ;
fragment QUOTED
  : '\'\'\'' ( ~['\\] | ESCAPE | '\'' ( ~['\\] | ESCAPE ) | '\'\'' ( ~['\\] | ESCAPE ) )* '\'\'\''
  | '"""' ( ~["\\] | ESCAPE | '"' ( ~["\\] | ESCAPE ) | '""' ( ~["\\] | ESCAPE ) )* '"""'
  | '\'' ( ~['\\\r\n] | ESCAPE )* '\''
  | '"' ( ~["\\\r\n] | ESCAPE )* '"'
  ;
fragment ESCAPE : '\\' . ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment A : [aA] ; fragment D : [dD] ; fragment E : [eE] ; fragment F : [fF] ; fragment I : [iI] ;
fragment K : [kK] ; fragment L : [lL] ; fragment N : [nN] ; fragment O : [oO] ; fragment R : [rR] ;
fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ;
