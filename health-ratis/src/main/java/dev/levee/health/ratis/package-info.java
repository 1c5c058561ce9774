/**
 * Raft health for Apache Ratis: {@link dev.levee.health.ratis.RatisRaftStatusSource} reads a {@code
 * RaftServer.Division} through Ratis' public server API.
 */
package dev.levee.health.ratis;
