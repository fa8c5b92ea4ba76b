package dev.mnemos.server.store;

import dev.mnemos.server.schema.NodeTable;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one write transaction touched, by id: nodes put (inserted or updated), and the nodes on
 * either side of each attribution, association, event and parent link it added. {@link
 * WriteListener}s read it to keep what they derive from the store in step.
 */
public final class WriteSet {

  /** The set of the write transaction running on this thread; transactions never hop threads. */
  private static final ThreadLocal<WriteSet> CURRENT = new ThreadLocal<>();

  /** Notes a write in the running write transaction's set; writes outside one are not noted. */
  static void record(Consumer<WriteSet> note) {
    WriteSet current = CURRENT.get();
    if (current != null) {
      note.accept(current);
    }
  }

  /** Runs {@code work} with this set collecting the writes of the calling thread. */
  <T> T collect(Supplier<T> work) {
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      CURRENT.remove();
    }
  }

  private final Set<Long> artifacts = new TreeSet<>();
  private final Set<Long> executions = new TreeSet<>();
  private final Set<Long> contexts = new TreeSet<>();
  private final Set<Long> linkedArtifacts = new TreeSet<>();
  private final Set<Long> linkedExecutions = new TreeSet<>();
  private final Set<Long> linkedContexts = new TreeSet<>();

  void put(NodeTable table, long id) {
    switch (table.kind()) {
      case ARTIFACT -> artifacts.add(id);
      case EXECUTION -> executions.add(id);
      case CONTEXT -> contexts.add(id);
    }
  }

  void attribution(long contextId, long artifactId) {
    linkedContexts.add(contextId);
    linkedArtifacts.add(artifactId);
  }

  void association(long contextId, long executionId) {
    linkedContexts.add(contextId);
    linkedExecutions.add(executionId);
  }

  void event(long artifactId, long executionId) {
    linkedArtifacts.add(artifactId);
    linkedExecutions.add(executionId);
  }

  void parentLink(long childId, long parentId) {
    linkedContexts.add(childId);
    linkedContexts.add(parentId);
  }

  /** Artifacts inserted or updated. */
  public Set<Long> artifactsPut() {
    return Collections.unmodifiableSet(artifacts);
  }

  /** Executions inserted or updated. */
  public Set<Long> executionsPut() {
    return Collections.unmodifiableSet(executions);
  }

  /** Contexts inserted or updated. */
  public Set<Long> contextsPut() {
    return Collections.unmodifiableSet(contexts);
  }

  /** Artifacts that were put or gained an attribution or event. */
  public Set<Long> artifactsTouched() {
    return union(artifacts, linkedArtifacts);
  }

  /** Executions that were put or gained an association or event. */
  public Set<Long> executionsTouched() {
    return union(executions, linkedExecutions);
  }

  /** Contexts that were put or gained a member, a parent or a child. */
  public Set<Long> contextsTouched() {
    return union(contexts, linkedContexts);
  }

  public boolean isEmpty() {
    return artifactsTouched().isEmpty()
        && executionsTouched().isEmpty()
        && contextsTouched().isEmpty();
  }

  private static Set<Long> union(Set<Long> a, Set<Long> b) {
    Set<Long> all = new TreeSet<>(a);
    all.addAll(b);
    return Collections.unmodifiableSet(all);
  }
}
