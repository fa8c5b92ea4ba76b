package dev.mnemos.app;

/** The two ports and who may call them. */
record Endpoints(GrpcListener grpc, HttpListener http, Access access) {

  /** Both ports on free ones, plain and open: for tests and local runs. */
  static Endpoints local() {
    return new Endpoints(GrpcListener.plain(0), HttpListener.plain(0), Access.OPEN);
  }
}
