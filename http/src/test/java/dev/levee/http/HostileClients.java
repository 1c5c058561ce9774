package dev.levee.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clients that misbehave the way the internet does, on real sockets to 127.0.0.1, and a probe that
 * measures how long an honest request takes beside them. Close it to close every socket and stop
 * the dribbling thread.
 */
final class HostileClients implements AutoCloseable {
  /** How a held connection misbehaves. */
  enum Kind {
    /** Sends half a request line and then nothing. */
    PARTIAL_LINE("GET /health/li"),
    /** Sends a request line, then its header fields a byte a second, never finishing. */
    DRIBBLE("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
    /** Sends a whole head declaring a body, and never sends the body. */
    BODY_NEVER_SENT(
        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nab"),
    /** Connects and sends nothing at all. */
    SILENT("");

    final String opening;

    Kind(String opening) {
      this.opening = opening;
    }
  }

  /** One held connection and what became of it. */
  static final class Held {
    final Kind kind;
    final Socket socket;
    final long openedAt;
    volatile long closedAt; // 0 while the server keeps it open
    final StringBuilder received = new StringBuilder();

    Held(Kind kind, Socket socket, long openedAt) {
      this.kind = kind;
      this.socket = socket;
      this.openedAt = openedAt;
    }
  }

  private final int port;
  private final List<Held> held = new ArrayList<>();
  private final ScheduledExecutorService dribbler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "hostile-dribbler");
            t.setDaemon(true);
            return t;
          });

  HostileClients(int port) {
    this.port = port;
  }

  /** Opens {@code n} connections of {@code kind}, each having sent its opening bytes. */
  List<Held> open(Kind kind, int n) throws IOException {
    List<Held> opened = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(1);
      Held h = new Held(kind, s, System.nanoTime());
      if (!kind.opening.isEmpty()) {
        s.getOutputStream().write(kind.opening.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      }
      opened.add(h);
    }
    synchronized (held) {
      held.addAll(opened);
    }
    if (kind == Kind.DRIBBLE) {
      byte[] field =
          "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes();
      int[] next = new int[1];
      dribbler.scheduleAtFixedRate(
          () -> {
            int at = next[0]++ % field.length;
            for (Held h : opened) {
              if (h.closedAt == 0) {
                try {
                  OutputStream out = h.socket.getOutputStream();
                  out.write(field[at]);
                  out.flush();
                } catch (IOException closed) {
                  // the server closed it: poll() records when
                }
              }
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
    }
    return opened;
  }

  /**
   * Reads what each held socket has received without blocking, and records when the server closed
   * it (end of stream or reset).
   *
   * @return how many are still open
   */
  int poll() {
    int open = 0;
    byte[] buffer = new byte[4096];
    synchronized (held) {
      for (Held h : held) {
        if (h.closedAt != 0) {
          continue;
        }
        try {
          InputStream in = h.socket.getInputStream();
          int n;
          while ((n = in.read(buffer)) > 0) {
            h.received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          }
          if (n < 0) {
            h.closedAt = System.nanoTime();
          } else {
            open++;
          }
        } catch (SocketTimeoutException stillOpen) {
          open++;
        } catch (IOException reset) {
          h.closedAt = System.nanoTime();
        }
      }
    }
    return open;
  }

  List<Held> held() {
    synchronized (held) {
      return List.copyOf(held);
    }
  }

  /** The {@code q} quantile (0-1) of latencies in nanoseconds, by the nearest-rank method. */
  static long quantile(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @Override
  public void close() {
    dribbler.shutdownNow();
    synchronized (held) {
      for (Held h : held) {
        try {
          h.socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
