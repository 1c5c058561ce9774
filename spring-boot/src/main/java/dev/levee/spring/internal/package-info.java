/**
 * The Spring glue: turning {@code levee.*} properties into Levee's configuration tree, registering
 * beans, the method interceptor with its fallbacks and return types (plain, futures, Reactor), the
 * health contributors and probe groups, and the lifecycle that runs Levee's graceful shutdown
 * before the web server stops. Not API.
 */
package dev.levee.spring.internal;
