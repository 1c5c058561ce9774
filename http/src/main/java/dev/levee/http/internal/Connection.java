package dev.levee.http.internal;

import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.http.admission.AdmissionDecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, driven by its {@link HttpLoop}'s I/O thread only (a worker hands its
 * answer back through the loop's task queue).
 *
 * <p>A connection moves through phases: {@code NEW} (accepted, nothing read) and {@code IDLE} (kept
 * alive after a response) wait for a request's first byte; {@code HEAD} and {@code BODY} read it,
 * the body being read and dropped; {@code HANDLING} waits for a worker; {@code WRITING} sends the
 * answer. Each waiting phase has a deadline the loop enforces: a request must arrive whole within
 * the read timeout from its first byte (from the accept for a new connection), so a client that
 * dribbles or stalls holds a connection, never a thread, and only for that long. Reading stops
 * while a request is answered; bytes that came after it (pipelining) are parsed once the answer is
 * written.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.http.EndpointServer");
  private static final int INITIAL_BUFFER = 2048;

  enum Phase {
    NEW,
    IDLE,
    HEAD,
    BODY,
    HANDLING,
    WRITING,
    CLOSED
  }

  private final HttpLoop loop;
  private final SocketChannel channel;
  private final boolean loopback;
  private SelectionKey key;
  private byte[] buf = new byte[INITIAL_BUFFER];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int start; // first unconsumed byte
  private int end; // end of the bytes read
  private int scanned; // where the search for the head's end resumes
  private RequestHead head;
  private long bodyRemaining;
  private ByteBuffer[] out;
  private boolean closeAfterWrite;
  Phase phase = Phase.NEW;
  long deadline;

  Connection(HttpLoop loop, SocketChannel channel, boolean loopback, long now) {
    this.loop = loop;
    this.channel = channel;
    this.loopback = loopback;
    this.deadline = now + loop.settings().readTimeout().toNanos();
  }

  void register(SelectionKey key) {
    this.key = key;
  }

  SocketChannel channel() {
    return channel;
  }

  /** Whether the connection waits for a worker or writes an answer: shutdown lets these finish. */
  boolean answering() {
    return phase == Phase.HANDLING || phase == Phase.WRITING;
  }

  /** Shutdown: the answer underway is the last on this connection. */
  void lastAnswer() {
    closeAfterWrite = true;
  }

  void onReadable(long now) throws IOException {
    if (end == buf.length && !makeRoom(now)) {
      return;
    }
    view.limit(buf.length).position(end);
    int n = channel.read(view);
    if (n < 0) {
      loop.close(this); // the client closed; a request it had not finished is not answered
      return;
    }
    end += n;
    process(now);
  }

  /**
   * Frees space for reading: drops consumed bytes, else grows up to the head limit.
   *
   * @return whether there is room; if not, the request was refused
   */
  private boolean makeRoom(long now) throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      scanned = Math.max(0, scanned - start);
      end -= start;
      start = 0;
      return true;
    }
    int limit = loop.settings().maxHeadBytes();
    if (buf.length >= limit) {
      fail(431, "request head over " + limit + " bytes", now);
      return false;
    }
    byte[] bigger = new byte[Math.min(limit, buf.length * 2)];
    System.arraycopy(buf, 0, bigger, 0, end);
    buf = bigger;
    view = ByteBuffer.wrap(buf);
    return true;
  }

  /** Moves through the phases as far as the bytes at hand allow. */
  private void process(long now) throws IOException {
    while (true) {
      switch (phase) {
        case NEW, IDLE -> {
          start = HeadParser.skipEmptyLines(buf, start, end);
          if (start == end) {
            start = end = 0;
            return;
          }
          phase = Phase.HEAD;
          scanned = start;
          deadline = now + loop.settings().readTimeout().toNanos();
        }
        case HEAD -> {
          int headEnd = HeadParser.findEnd(buf, start, scanned, end);
          if (headEnd < 0) {
            scanned = end;
            if (end - start >= loop.settings().maxHeadBytes()) {
              fail(431, "request head over " + loop.settings().maxHeadBytes() + " bytes", now);
            }
            return;
          }
          try {
            head = HeadParser.parse(buf, start, headEnd, loop.settings().maxBodyBytes());
          } catch (HttpError e) {
            fail(e.status, e.getMessage(), now);
            return;
          }
          start = headEnd;
          bodyRemaining = head.contentLength();
          phase = Phase.BODY;
          if (head.expectContinue() && start == end && !sendContinue()) {
            return;
          }
        }
        case BODY -> {
          int take = (int) Math.min(bodyRemaining, end - start);
          start += take;
          bodyRemaining -= take;
          if (start == end) {
            start = end = 0;
          }
          if (bodyRemaining > 0) {
            return;
          }
          dispatch(now);
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  /** Writes {@code 100 Continue}; a client that cannot take 25 bytes at once is dropped. */
  private boolean sendContinue() throws IOException {
    ByteBuffer b = Responses.continueBytes();
    channel.write(b);
    if (b.hasRemaining()) {
      loop.close(this);
      return false;
    }
    return true;
  }

  /** Hands the whole request to its endpoint: at once if it never blocks, else to a worker. */
  private void dispatch(long now) throws IOException {
    key.interestOps(0);
    RequestHead h = head;
    HttpEndpoint endpoint = loop.routes().find(h.path());
    if (endpoint == null) {
      respond(Responses.error(404, "not found"), now);
      return;
    }
    HttpRequest request =
        HttpRequest.builder(h.method(), h.path())
            .rawQuery(h.query())
            .accept(h.accept())
            .authorization(h.authorization())
            .loopback(loopback)
            .build();
    // An endpoint behind admission control is decided here, on the I/O thread: a shed request is
    // answered at once and never waits in the workers' queue.
    AdmissionDecision decision =
        endpoint instanceof GuardedEndpoint ? ((GuardedEndpoint) endpoint).admit(request) : null;
    if (decision != null && !decision.admitted()) {
      respond(decision.response(), now);
      return;
    }
    if (endpoint.nonBlocking()) {
      respond(call(endpoint, request, decision), now);
      return;
    }
    phase = Phase.HANDLING;
    try {
      loop.workers()
          .execute(
              () -> {
                HttpResponse response = call(endpoint, request, decision);
                loop.onIoThread(this, t -> respond(response, t));
              });
    } catch (RejectedExecutionException busy) {
      if (decision != null) {
        decision.abandon(); // it never reached the endpoint
      }
      loop.stats().busy++;
      respond(Responses.error(503, "server busy: every worker is taken"), now);
    }
  }

  private static HttpResponse call(
      HttpEndpoint endpoint, HttpRequest request, AdmissionDecision decision) {
    try {
      HttpResponse response =
          decision == null
              ? endpoint.handle(request)
              : ((GuardedEndpoint) endpoint).answer(request, decision);
      if (response == null) {
        throw new IllegalStateException("the endpoint answered null");
      }
      if (response.body() == null) {
        throw new IllegalStateException("the endpoint answered a null body");
      }
      if (response.status() < 200 || response.status() > 599) {
        throw new IllegalStateException("the endpoint answered status " + response.status());
      }
      return response;
    } catch (RuntimeException | Error e) {
      LOG.atError()
          .addKeyValue("component", "http")
          .addKeyValue("path", request.path())
          .setCause(e)
          .log("endpoint server: the endpoint at {} failed", endpoint.basePath());
      return Responses.error(500, "internal error");
    }
  }

  /** Starts writing an endpoint's answer (on the I/O thread). */
  void respond(HttpResponse response, long now) throws IOException {
    if (phase == Phase.CLOSED) {
      return; // closed while a worker answered (shutdown's timeout)
    }
    boolean close = closeAfterWrite || !head.keepAlive() || loop.closing();
    write(
        Responses.encode(
            response,
            head.method().equals("HEAD"),
            close,
            head.keepAlive() && !close && !head.http11(),
            loop.settings().clock().instant()),
        close,
        now);
  }

  /** Answers a request the server refuses, then closes. */
  private void fail(int status, String message, long now) throws IOException {
    key.interestOps(0);
    loop.stats().malformed++;
    LOG.atDebug()
        .addKeyValue("component", "http")
        .addKeyValue("status", status)
        .log(
            "endpoint server: refused a request from {}: {}",
            channel.socket().getRemoteSocketAddress(),
            message);
    write(
        Responses.encode(
            Responses.error(status, message),
            false,
            true,
            false,
            loop.settings().clock().instant()),
        true,
        now);
  }

  /**
   * A request that did not arrive in time gets a 408 if the socket takes it at once; the connection
   * closes either way.
   */
  void expire() {
    if (phase == Phase.HEAD || phase == Phase.BODY || phase == Phase.NEW) {
      loop.stats().timedOut++;
    }
    closeWith(
        408,
        "request not received within "
            + dev.levee.timeouts.Durations.format(loop.settings().readTimeout()),
        false);
  }

  /**
   * Closes this connection to make room for a new one, the server being at its connection limit:
   * its client gets a 503 if the socket takes it at once (its request may have arrived unread).
   */
  void evict() {
    closeWith(
        503, "request not received before the server needed its connection for another", true);
  }

  /**
   * A request underway (or, with {@code evenIfNew}, a connection that has sent nothing the server
   * has read) gets {@code status} if the socket takes it at once; then the close.
   */
  private void closeWith(int status, String message, boolean evenIfNew) {
    if (phase == Phase.HEAD || phase == Phase.BODY || (evenIfNew && phase == Phase.NEW)) {
      try {
        channel.write(
            Responses.encode(
                Responses.error(status, message),
                false,
                true,
                false,
                loop.settings().clock().instant()));
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    loop.close(this);
  }

  private void write(ByteBuffer[] bytes, boolean close, long now) throws IOException {
    out = bytes;
    closeAfterWrite = close;
    phase = Phase.WRITING;
    deadline = now + loop.settings().readTimeout().toNanos();
    onWritable(now);
  }

  void onWritable(long now) throws IOException {
    long n = channel.write(out);
    if (n > 0) {
      deadline = now + loop.settings().readTimeout().toNanos(); // a slow reader that reads lives on
    }
    for (ByteBuffer b : out) {
      // Every buffer, not the last alone: an answer without a body (HEAD, 204, 304) ends with an
      // empty one, which says nothing of a head the socket took only in part.
      if (b.hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
    }
    out = null;
    if (closeAfterWrite) {
      loop.close(this);
      return;
    }
    head = null;
    phase = Phase.IDLE;
    deadline = now + loop.settings().idleTimeout().toNanos();
    key.interestOps(SelectionKey.OP_READ);
    if (end > start) {
      // A request that came behind this one (pipelining): parsed on a later turn of the loop, not
      // here, so a client that sends hundreds at once neither deepens the stack nor starves others.
      loop.onIoThread(this, this::process);
    }
  }

  /** Closes the socket; the loop forgets the connection. */
  void closeChannel() {
    phase = Phase.CLOSED;
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do for this client
    }
  }
}
