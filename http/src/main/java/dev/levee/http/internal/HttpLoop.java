package dev.levee.http.internal;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.http.HttpEndpoint;
import dev.levee.timeouts.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on one selector thread, built for probes that must answer whatever other
 * clients do.
 *
 * <p>Design. One I/O thread accepts, reads and writes every connection without blocking, so a
 * client that sends slowly or not at all holds a connection (bounded in number and in time), never
 * a thread. Requests are parsed on that thread; an endpoint that says it never blocks ({@link
 * HttpEndpoint#nonBlocking()}, the health endpoints) is answered there at once, so probes never
 * queue behind anything; other endpoints run on a bounded pool of workers with a bounded queue, and
 * a request that finds both full gets a 503 at once. Deadlines are checked every {@value
 * #SCAN_MILLIS} ms while connections are open; with none open the thread sleeps in {@code select}.
 * Beyond the connection limit, a connection without a request being answered is closed to make room
 * ({@link #makeRoom()}); failing that, the new connection gets a 503 and is closed. When accept
 * itself fails (the process is out of file descriptors), accepting pauses ({@link Acceptor}) rather
 * than spin.
 *
 * <p>Only the I/O thread touches connections; workers hand answers back through a queue and a
 * selector wake-up.
 */
public final class HttpLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.http.EndpointServer");
  static final int SCAN_MILLIS = 50;

  /**
   * How long workers still answering when the loop ends may take to finish before they are
   * interrupted.
   */
  public static final Duration WORKER_GRACE = Duration.ofSeconds(1);

  private static final long SCAN_NANOS = SCAN_MILLIS * 1_000_000L;

  /** Work a worker hands back to the I/O thread. */
  @FunctionalInterface
  interface IoTask {
    void run(long now) throws IOException;
  }

  private final HttpSettings settings;
  private final Routes routes;
  private final Selector selector;
  private final ServerSocketChannel listener;
  private final InetSocketAddress address; // read once: the listener closes before the loop ends
  private final ThreadPoolExecutor workers;
  private final Set<Connection> connections = new HashSet<>();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger open = new AtomicInteger();
  private final LoopStats stats;
  private volatile boolean closing;
  private long closeBy;
  private long lastScan;
  private final Acceptor acceptor;

  private HttpLoop(
      HttpSettings settings,
      Routes routes,
      Selector selector,
      ServerSocketChannel listener,
      InetSocketAddress address,
      ThreadPoolExecutor workers) {
    this.settings = settings;
    this.routes = routes;
    this.selector = selector;
    this.listener = listener;
    this.acceptor = new Acceptor(this, listener, selector);
    this.address = address;
    this.workers = workers;
    this.lastScan = settings.ticker().read();
    this.stats = new LoopStats(lastScan);
  }

  /**
   * Binds the address; {@link #run()} then serves it.
   *
   * @param endpoints what to serve
   * @param address where to listen
   * @param backlog the listen backlog
   * @param settings how to treat clients
   * @return the loop, bound but not running; its workers are named after the bound port
   * @throws IOException if the address cannot be bound
   */
  public static HttpLoop bind(
      List<? extends HttpEndpoint> endpoints,
      InetSocketAddress address,
      int backlog,
      HttpSettings settings)
      throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(address, backlog);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      listener.close();
      selector.close();
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
    ThreadPoolExecutor workers =
        workers(
            settings.workerThreads(),
            settings.workerQueue(),
            new LeveeThreadFactory("http", bound.getPort() + "-worker"));
    return new HttpLoop(settings, new Routes(endpoints), selector, listener, bound, workers);
  }

  /**
   * A pool for the endpoints that may block: {@code threads} daemon threads, started as needed and
   * ended after a minute idle, and a queue of {@code queue} requests.
   */
  private static ThreadPoolExecutor workers(int threads, int queue, ThreadFactory names) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), names);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The bound address.
   *
   * @return the address, with the real port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Connections open now.
   *
   * @return the count
   */
  public int openConnections() {
    return open.get();
  }

  /**
   * Starts closing: no new connection is accepted, connections without a request being answered
   * close, and answers underway are written (with {@code Connection: close}) for up to the close
   * timeout. {@link #run()} returns when that is done and the workers have ended.
   */
  public void beginClosing() {
    tasks.add(this::closeListener);
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (!finished()) {
        long timeout = connections.isEmpty() && !closing && !acceptor.paused() ? 0 : SCAN_MILLIS;
        if (tasks.isEmpty()) {
          selector.select(this::ready, timeout);
        } else {
          selector.selectNow(this::ready); // tasks are waiting: do not sleep
        }
        long now = settings.ticker().read();
        runTasks();
        if (now - lastScan >= SCAN_NANOS) {
          lastScan = now;
          acceptor.resume(now);
          expire(now);
          stats.summarize(now, address, settings.maxConnections());
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      LOG.atError()
          .addKeyValue("component", "http")
          .setCause(e)
          .log("endpoint server: the I/O loop failed; the server stops");
    } finally {
      for (Connection c : new ArrayList<>(connections)) {
        close(c);
      }
      try {
        listener.close();
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      stopWorkers();
    }
  }

  /**
   * Ends the workers, interrupting any still answering after {@link #WORKER_GRACE}. Done here, by
   * the thread that finishes the close, so that it happens whichever thread called close(), one of
   * the server's own included.
   */
  private void stopWorkers() {
    workers.shutdown();
    try {
      if (workers.awaitTermination(WORKER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    LOG.atWarn()
        .addKeyValue("component", "http")
        .log(
            "endpoint server {}: an endpoint was still answering after {}; interrupted it",
            address,
            Durations.format(settings.closeTimeout().plus(WORKER_GRACE)));
  }

  private boolean finished() {
    return closing && (connections.isEmpty() || settings.ticker().read() - closeBy >= 0);
  }

  private void ready(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    long now = settings.ticker().read();
    if (key.channel() == listener) {
      acceptor.acceptAll(now);
      return;
    }
    Connection c = (Connection) key.attachment();
    try {
      if (key.isReadable()) {
        c.onReadable(now);
      } else if (key.isWritable()) {
        c.onWritable(now);
      }
    } catch (IOException e) {
      close(c); // the client went away
    } catch (RuntimeException e) {
      LOG.atError()
          .addKeyValue("component", "http")
          .setCause(e)
          .log("endpoint server: a connection failed and was closed");
      close(c);
    }
  }

  /**
   * Makes room for a new connection by closing the one that has waited longest without a request
   * being answered: a kept-alive connection idle longest first, else one whose request has not all
   * arrived (or not begun) the longest. Clients that hold connections and send nothing or slowly
   * are thus cycled out by newcomers, and a probe that sends its request at once is served however
   * many of them there are. Only when every connection has a request being answered is a newcomer
   * refused.
   */
  private boolean makeRoom() {
    Connection idle = null;
    Connection waiting = null;
    for (Connection c : connections) {
      if (c.phase == Connection.Phase.IDLE) {
        if (idle == null || c.deadline - idle.deadline < 0) {
          idle = c;
        }
      } else if (!c.answering() && (waiting == null || c.deadline - waiting.deadline < 0)) {
        waiting = c;
      }
    }
    Connection victim = idle != null ? idle : waiting;
    if (victim == null) {
      return false;
    }
    if (victim == waiting) {
      stats.evicted++;
    }
    victim.evict();
    return true;
  }

  /**
   * Takes a connection the acceptor accepted: registered for reading, or refused with a 503 if the
   * limit is reached and no connection can make room.
   */
  void admit(SocketChannel ch, long now) {
    if (connections.size() >= settings.maxConnections() && !makeRoom()) {
      stats.refusedConnections++;
      Acceptor.refuse(ch);
      return;
    }
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
      Connection c =
          new Connection(
              this,
              ch,
              remote != null
                  && remote.getAddress() != null
                  && remote.getAddress().isLoopbackAddress(),
              now);
      c.register(ch.register(selector, SelectionKey.OP_READ, c));
      connections.add(c);
      open.incrementAndGet();
    } catch (IOException e) {
      closeQuietly(ch);
    }
  }

  /** Runs the tasks queued before this turn; tasks they queue wait for the next turn. */
  private void runTasks() {
    for (int n = tasks.size(); n > 0; n--) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      task.run();
    }
  }

  /**
   * Runs {@code task} for {@code c} on the I/O thread, soon (from a worker).
   *
   * @param c the connection
   * @param task what to do
   */
  void onIoThread(Connection c, IoTask task) {
    tasks.add(
        () -> {
          try {
            task.run(settings.ticker().read());
          } catch (IOException e) {
            close(c);
          } catch (RuntimeException e) {
            // As in ready(): one connection's failure closes that connection, never the loop.
            LOG.atError()
                .addKeyValue("component", "http")
                .setCause(e)
                .log("endpoint server: a connection failed and was closed");
            close(c);
          }
        });
    selector.wakeup();
  }

  private void expire(long now) {
    List<Connection> late = null;
    for (Connection c : connections) {
      if (c.phase != Connection.Phase.HANDLING && now - c.deadline >= 0) {
        if (late == null) {
          late = new ArrayList<>();
        }
        late.add(c);
      }
    }
    if (late != null) {
      for (Connection c : late) {
        c.expire();
      }
    }
  }

  /**
   * Starts closing. Connections still waiting in the listen backlog are accepted first, and every
   * connection without an answer underway reads what has arrived: a request a client had already
   * sent when the close began is answered (with {@code Connection: close}), not reset with the
   * listener. Then the listener closes, so the port refuses from here on, and connections with
   * nothing to answer close.
   */
  private void closeListener() {
    if (closing) {
      return;
    }
    long now = settings.ticker().read();
    acceptor.acceptAll(now);
    closing = true;
    closeBy = now + settings.closeTimeout().toNanos();
    SelectionKey key = listener.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
    closeQuietly(listener);
    for (Connection c : new ArrayList<>(connections)) {
      if (!c.answering()) {
        try {
          c.onReadable(now); // a request already here is answered; a part of one is not
        } catch (IOException | RuntimeException e) {
          close(c);
          continue;
        }
      }
      if (c.answering()) {
        c.lastAnswer();
      } else {
        close(c);
      }
    }
    try {
      selector.selectNow(); // deregisters the listener, so its port closes now
    } catch (IOException ignored) {
      // the loop's next select does it
    }
  }

  /**
   * Closes a connection and forgets it (I/O thread only).
   *
   * @param c the connection
   */
  void close(Connection c) {
    if (connections.remove(c)) {
      open.decrementAndGet();
    }
    c.closeChannel();
  }

  static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  HttpSettings settings() {
    return settings;
  }

  Routes routes() {
    return routes;
  }

  /**
   * The workers that answer endpoints that may block; {@link #run()} ends them as it returns.
   *
   * @return the pool
   */
  public ThreadPoolExecutor workers() {
    return workers;
  }

  LoopStats stats() {
    return stats;
  }

  boolean closing() {
    return closing;
  }
}
