/**
 * The machinery behind the policies: the circuit breaker's state machine (one immutable state
 * object per period behind a CAS, with its windows), the bucket ring shared by time windows and the
 * throttle, striped counters, permit encoding and configuration rules. Not exported.
 */
package dev.levee.core.internal;
