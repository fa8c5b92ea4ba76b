package dev.mnemos.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on the loopback interface between the store and its database server, which a test
 * cuts (every open connection dropped, new ones refused) and restores on the same port: an outage
 * of the database as the store sees it, without stopping a server other tests share.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
    accept(listener);
  }

  /** Forwards a new loopback port to {@code host:port}. */
  public static TcpProxy to(String host, int port) throws IOException {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  public int port() {
    return port;
  }

  /** The database is gone: open connections break, new ones are refused. */
  public synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** The database is back, on the same port. */
  public synchronized void restore() throws IOException {
    listener = listen(port);
    accept(listener);
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void accept(ServerSocket from) {
    Thread.ofVirtual()
        .start(
            () -> {
              while (!from.isClosed()) {
                try {
                  Socket client = from.accept();
                  Socket server = new Socket(target.getAddress(), target.getPort());
                  sockets.add(client);
                  sockets.add(server);
                  pipe(client, server);
                  pipe(server, client);
                } catch (IOException e) {
                  // Closed by cut() or close(), or the target refused: the client sees it.
                }
              }
            });
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // One side closed: close the other too.
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // Already closed.
                }
              }
            });
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
