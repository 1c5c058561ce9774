package dev.levee.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections for an {@link HttpLoop} (I/O thread only). When accept fails, most often
 * because the process is out of file descriptors, the connection stays in the backlog and the
 * listener stays ready: trying again at once would spin the I/O thread, and log a line a turn,
 * until a descriptor frees. So accepting pauses {@value #PAUSE_MILLIS} ms at a time; the first
 * failure since the last summary is logged, the summary counts them all.
 */
final class Acceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.http.EndpointServer");
  static final int PAUSE_MILLIS = 100;
  private static final long PAUSE_NANOS = PAUSE_MILLIS * 1_000_000L;
  private static final byte[] TOO_MANY = tooMany();

  private final HttpLoop loop;
  private final ServerSocketChannel listener;
  private final Selector selector;
  private boolean paused;
  private long againAt;

  Acceptor(HttpLoop loop, ServerSocketChannel listener, Selector selector) {
    this.loop = loop;
    this.listener = listener;
    this.selector = selector;
  }

  /** Whether accepting is paused after a failure (the loop then keeps a select timeout). */
  boolean paused() {
    return paused;
  }

  /** Accepts every connection waiting, handing each to the loop. */
  void acceptAll(long now) {
    while (!loop.closing()) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (IOException e) {
        pause(now, e);
        return;
      }
      if (ch == null) {
        return;
      }
      loop.admit(ch, now);
    }
  }

  private void pause(long now, IOException e) {
    paused = true;
    againAt = now + PAUSE_NANOS;
    interest(0);
    if (loop.stats().firstAcceptFailure()) {
      LOG.atWarn()
          .addKeyValue("component", "http")
          .log(
              "endpoint server {}: accept failed ({}); trying again every {} ms, failures counted in"
                  + " the summary line",
              loop.address(),
              e.toString(),
              PAUSE_MILLIS);
    }
  }

  /** Accepts again once the pause is over. */
  void resume(long now) {
    if (!paused || loop.closing() || now - againAt < 0) {
      return;
    }
    paused = false;
    interest(SelectionKey.OP_ACCEPT);
  }

  private void interest(int ops) {
    SelectionKey key = listener.keyFor(selector);
    if (key != null && key.isValid()) {
      key.interestOps(ops);
    }
  }

  /** Answers a connection over the limit with a 503, without waiting for it, and closes it. */
  static void refuse(SocketChannel ch) {
    try {
      ch.configureBlocking(false);
      ch.read(ByteBuffer.allocate(1024)); // what has arrived, so the close is a FIN, not a reset
      ch.write(ByteBuffer.wrap(TOO_MANY));
    } catch (IOException ignored) {
      // refused either way
    }
    HttpLoop.closeQuietly(ch);
  }

  private static byte[] tooMany() {
    String body = "{\"error\":\"too many connections\"}";
    return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Cache-Control: no-store\r\nRetry-After: 1\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.US_ASCII);
  }
}
