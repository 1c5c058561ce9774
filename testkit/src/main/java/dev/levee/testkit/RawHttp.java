package dev.levee.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, one request per fresh connection, as a kubelet probe
 * or a hostile client sends it: what tests of servers need to see exactly (a refused connection, an
 * answer cut short), which an HTTP client library would hide or retry.
 */
public final class RawHttp {
  /** {@link #status} when the connection was refused: nothing listens on the port. */
  public static final int REFUSED = -1;

  /** {@link #status} when the answer is not an HTTP/1.1 status line. */
  public static final int NOT_HTTP = -2;

  /** {@link #status} when the request was sent and no answer came (reset or timeout). */
  public static final int NO_ANSWER = -3;

  private RawHttp() {}

  /**
   * Sends {@code method path} with {@code Connection: close} and reads the status code.
   *
   * @param port the port on 127.0.0.1
   * @param method the method, such as {@code GET}
   * @param path the request target
   * @return the status, or {@link #REFUSED}, {@link #NOT_HTTP}, {@link #NO_ANSWER}
   */
  public static int status(int port, String method, String path) {
    try {
      String answer =
          exchange(
              port,
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: kube-probe/1.30\r\n"
                  + "Accept: */*\r\nConnection: close\r\n\r\n");
      if (answer.isEmpty()) {
        return NO_ANSWER;
      }
      return answer.startsWith("HTTP/1.1 ") && answer.length() >= 12
          ? Integer.parseInt(answer.substring(9, 12))
          : NOT_HTTP;
    } catch (ConnectException refused) {
      return REFUSED;
    } catch (IOException other) {
      return NO_ANSWER;
    }
  }

  /**
   * Sends raw bytes on a fresh connection and reads until the server closes it (or resets it: what
   * arrived before is the answer). Waits at most 5 s to connect and 5 s for each read.
   *
   * @param port the port on 127.0.0.1
   * @param request the bytes to send, as ISO-8859-1 text
   * @return what came back
   * @throws IOException if the connection cannot be made or a read times out
   */
  public static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      int n;
      try {
        while ((n = in.read(buffer)) > 0) {
          answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (SocketException reset) {
        // what arrived before a reset is the answer
      }
      return answer.toString();
    }
  }

  /**
   * Opens a connection to 127.0.0.1 (5 s to connect, 5 s for each read).
   *
   * @param port the port
   * @return the connected socket
   * @throws IOException if it cannot connect
   */
  public static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  /**
   * Writes {@code text} (ISO-8859-1) and flushes.
   *
   * @param s the socket
   * @param text the bytes to send
   * @throws IOException if the write fails
   */
  public static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /**
   * Reads one response on a kept-alive connection: its head, then as many body bytes as its {@code
   * Content-Length} says (none for a {@code 100 Continue} or without the header).
   *
   * @param s the socket
   * @return the head and the body
   * @throws IOException if the connection closes before the head ends, or a read times out
   */
  public static String response(Socket s) throws IOException {
    return response(s.getInputStream());
  }

  /**
   * Reads one response from a stream (a buffered stream over a socket, say): see {@link
   * #response(Socket)}.
   *
   * @param in the stream
   * @return the head and the body
   * @throws IOException if the stream ends before the head does, or a read times out
   */
  public static String response(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    if (head.toString().startsWith("HTTP/1.1 100")) {
      length = 0;
    }
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether the server closes (or resets) the connection within 5 s, reading and dropping nothing
   * else: returns false if a byte arrives instead.
   *
   * @param s the socket
   * @return whether it was closed by the server
   * @throws IOException if the read times out
   */
  public static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(5000);
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  /**
   * Whether nothing listens on the port: a connection is refused.
   *
   * @param port the port on 127.0.0.1
   * @return whether the connection was refused
   */
  public static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }
}
