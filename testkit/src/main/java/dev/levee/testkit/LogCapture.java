package dev.levee.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures what a logger emits, with its structured key-value pairs, so tests can check the lines
 * Levee logs. Close it to detach.
 */
public final class LogCapture implements AutoCloseable {
  /**
   * One captured line.
   *
   * @param level the level's name, such as {@code WARN}
   * @param message the formatted message
   * @param keyValues the structured key-value pairs, in the order they were added
   */
  public record Line(String level, String message, Map<String, Object> keyValues) {}

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String loggerName) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    // Lines arrive on whatever thread logs (a health check's worker, a timer) while the test
    // reads them: a list that can be read while it grows.
    appender.list = new java.util.concurrent.CopyOnWriteArrayList<>();
    appender.setName("capture-" + loggerName);
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.TRACE);
  }

  /**
   * Starts capturing a logger and its children.
   *
   * @param loggerName the logger name, such as a class name
   * @return the capture
   */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /**
   * The lines captured so far.
   *
   * @return lines, oldest first
   */
  public List<Line> lines() {
    return appender.list.stream().map(LogCapture::toLine).collect(Collectors.toList());
  }

  private static Line toLine(ILoggingEvent event) {
    Map<String, Object> kv = new LinkedHashMap<>();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      pairs.forEach(p -> kv.put(p.key, p.value));
    }
    return new Line(event.getLevel().toString(), event.getFormattedMessage(), kv);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(null);
    appender.stop();
  }
}
