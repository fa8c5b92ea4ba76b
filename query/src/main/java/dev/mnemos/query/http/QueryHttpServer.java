package dev.mnemos.query.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mnemos.query.graphql.GraphQlEngine;
import dev.mnemos.server.health.ServerHealth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP port: GraphQL at {@code /graphql} ({@link GraphQlHandler}), the lineage browser at
 * {@code /}, the GraphiQL page at {@code /graphiql}, and the probes. The JDK's own server, one
 * virtual thread per exchange; HTTPS with {@link HttpsSettings}.
 */
public final class QueryHttpServer implements AutoCloseable {

  static {
    // The JDK's server keeps a connection whose request never finishes, or whose response is
    // never read, for ever: a few half-open connections would hold it. Its limits are JVM-wide
    // properties, read when the first server starts; an operator's -D values win.
    setIfAbsent("sun.net.httpserver.maxReqTime", "30");
    setIfAbsent("sun.net.httpserver.maxRspTime", "300");
    setIfAbsent("sun.net.httpserver.idleInterval", "60");
    // Headers: room for a gateway's cookies and tokens, not for a client that sends megabytes.
    setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
    setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(64 * 1024));
  }

  private static void setIfAbsent(String property, String seconds) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, seconds);
    }
  }

  /** The probes: the kubelet calls them without a client certificate. */
  private static final List<String> PROBES = List.of("/healthz", "/readyz");

  /**
   * What answers without credentials when authentication is on: the probes, and the metrics, which
   * count calls and hold no metadata.
   */
  private static final List<String> OPEN_PATHS = List.of("/healthz", "/readyz", "/metrics");

  /**
   * The browser's pages: its own scripts, styles and workers only (it bundles every asset and
   * inlines nothing), talking to this server alone, never framed by another site.
   */
  private static final Map<String, String> PAGE_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
              // GraphiQL's fonts come inside its stylesheet.
              + " font-src 'self' data:;"
              + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
              + " frame-ancestors 'none'",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY");

  /** GraphiQL's page, built beside the browser's. */
  private static final String GRAPHIQL = "/graphiql";

  private final HttpServer server;
  private final GraphQlHandler graphql;
  private final List<Filter> filters;
  private final boolean browserBuilt = WebAssets.present();

  private QueryHttpServer(HttpServer server, GraphQlEngine engine, List<Filter> filters)
      throws IOException {
    this.server = server;
    this.graphql = new GraphQlHandler(engine);
    this.filters = filters;
    mount("/graphql", graphql);
    mount("/healthz", exchange -> HttpAnswers.text(exchange, 200, "ok\n"));
    mount("/", this::page);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
  }

  /** Starts serving plain HTTP on {@code port} (0 picks a free one), every request open. */
  public static QueryHttpServer start(int port, GraphQlEngine engine) throws IOException {
    return start(port, engine, HttpSecurity.OPEN);
  }

  /** Starts serving on {@code port} (0 picks a free one), protected as {@code security} says. */
  public static QueryHttpServer start(int port, GraphQlEngine engine, HttpSecurity security)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(port);
    // CORS first: a preflight carries no credentials and no client certificate.
    List<Filter> filters = new ArrayList<>(List.of(new CorsFilter(security.allowedOrigins())));
    HttpServer server;
    if (security.https().isPresent()) {
      HttpsSettings https = security.https().get();
      HttpsServer tls = HttpsServer.create(address, 0);
      tls.setHttpsConfigurator(
          new HttpsConfigurator(https.context()) {
            @Override
            public void configure(HttpsParameters parameters) {
              // The server reads these SSLParameters alone once they are set, so the wish for
              // client certificates goes into them, not beside them.
              SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
              ssl.setWantClientAuth(https.clientCertificates());
              parameters.setSSLParameters(ssl);
            }
          });
      if (https.clientCertificates()) {
        filters.add(new ClientCertificateFilter(PROBES));
      }
      server = tls;
    } else {
      server = HttpServer.create(address, 0);
    }
    filters.add(
        new CallerFilter(security.authenticator(), security.gatewayUserHeader(), OPEN_PATHS));
    QueryHttpServer http = new QueryHttpServer(server, engine, filters);
    http.server.start();
    return http;
  }

  /**
   * Serves {@code /readyz} from {@code health}: 200 "ok" when ready, else 503 with each problem on
   * a line. (Liveness, {@code /healthz}, answers "ok" while the process runs.)
   */
  public void reportReadiness(ServerHealth health) {
    mount(
        "/readyz",
        exchange -> {
          ServerHealth.Report report = health.report();
          if (report.ready()) {
            HttpAnswers.text(exchange, 200, "ok\n");
            return;
          }
          StringBuilder text = new StringBuilder(report.started() ? "" : "starting\n");
          report
              .problems()
              .forEach(
                  (part, problem) -> text.append(part).append(": ").append(problem).append('\n'));
          HttpAnswers.text(exchange, 503, text.toString());
        });
  }

  /**
   * Serves {@code handler} at {@code path} too (the metrics, gRPC-web), behind the same filters as
   * the pages.
   */
  public void mount(String path, HttpHandler handler) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().addAll(filters);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The lineage browser at "/", GraphiQL at "/graphiql", and their files; both come from
   * clients/web, and a jar built without it says so.
   */
  private void page(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().add("Allow", "GET");
      HttpAnswers.text(exchange, 405, "use GET\n");
      return;
    }
    if ((path.equals("/") || path.equals(GRAPHIQL)) && !browserBuilt) {
      HttpAnswers.text(
          exchange,
          404,
          "The lineage browser and GraphiQL are not in this build (clients/web);"
              + " POST GraphQL to /graphql.\n");
      return;
    }
    var asset = WebAssets.find(path.equals(GRAPHIQL) ? GRAPHIQL + ".html" : path);
    if (asset.isEmpty()) {
      HttpAnswers.text(exchange, 404, "not found\n");
      return;
    }
    exchange
        .getResponseHeaders()
        .set(
            "Cache-Control",
            asset.get().immutable() ? "public, max-age=31536000, immutable" : "no-cache");
    PAGE_HEADERS.forEach(exchange.getResponseHeaders()::set);
    HttpAnswers.send(exchange, 200, asset.get().contentType(), asset.get().body());
  }

  @Override
  public void close() {
    server.stop(1);
    graphql.close();
  }
}
