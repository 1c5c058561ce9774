package dev.levee.health.ratis;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/** The test's state machine: each write adds a number; the set of numbers is the state. */
final class CounterStateMachine extends BaseStateMachine {
  final Set<Long> values = ConcurrentHashMap.newKeySet();

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    values.add(Long.parseLong(entry.getStateMachineLogEntry().getLogData().toStringUtf8()));
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.valueOf("ok"));
  }
}
