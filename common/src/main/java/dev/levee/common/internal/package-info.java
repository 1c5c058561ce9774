/**
 * What several Levee modules share and no user should call: the listener list, the log limiter,
 * argument checks ({@link dev.levee.common.internal.Require}), duration text and the thread
 * factory. Exported only to Levee's own modules (see {@code module-info.java}); nothing here is
 * API, and any of it may change in any release.
 */
package dev.levee.common.internal;
