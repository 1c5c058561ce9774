package dev.levee.spring.internal;

import dev.levee.config.Levee;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps Levee's lifecycle in step with the context's. When the application is ready, Levee's
 * startup is marked complete (its {@code startup} entry turns UP, so its readiness can). When the
 * context closes, before the web server's graceful shutdown and before it stops (a higher phase
 * stops first): Spring's readiness turns to refusing traffic, and Levee's graceful shutdown runs
 * (readiness DOWN, the propagation delay, the drain, the monitor and Levee's resources closed). A
 * context that fails before it started closes Levee at once, without delay or drain.
 */
public final class LeveeLifecycle
    implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent>, DisposableBean {
  /** Above {@code WebServerGracefulShutdownLifecycle}'s phase, so this stops before it. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final Levee levee;
  private final ApplicationEventPublisher events;
  private volatile boolean running;
  private volatile boolean stopped;

  /**
   * Creates the lifecycle.
   *
   * @param levee the runtime
   * @param events publishes Spring's readiness change
   */
  public LeveeLifecycle(Levee levee, ApplicationEventPublisher events) {
    this.levee = levee;
    this.events = events;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    levee.health().markStarted();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    if (!stopped) {
      stopped = true;
      AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
      levee.close();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void destroy() {
    if (!stopped) {
      stopped = true;
      levee.closeNow(); // the context never started: nothing took traffic, nothing to drain
    }
  }
}
