/**
 * Levee's shared internals: one home for the helpers every other Levee module uses (listener lists,
 * the log limiter, argument checks, duration text, the thread factory). It exports nothing to
 * users; its one package is exported only to the Levee modules that use it.
 */
// The modules named below are compiled after this one: javac cannot find them yet and says so
// under -Xlint:module, which is expected here and nothing to fix.
@SuppressWarnings("module")
module dev.levee.common {
  requires org.slf4j;

  exports dev.levee.common.internal to
      dev.levee.timeouts,
      dev.levee.core,
      dev.levee.http,
      dev.levee.health,
      dev.levee.metrics,
      dev.levee.config,
      dev.levee.spring;
}
