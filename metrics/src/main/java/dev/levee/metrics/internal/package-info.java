/**
 * What the binders share: meters kept per instance and removed with it, and the discovery of
 * registry instances added after binding. Not exported.
 */
package dev.levee.metrics.internal;
