package dev.mnemos.benchmarks;

import com.google.gson.JsonObject;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every call's outcome and latency, as the client saw them: per window (read and cleared by {@link
 * #window()}) and in total. Writes are the calls whose method starts with {@code Put}.
 */
final class SoakRecorder {

  private final Tally window = new Tally();
  private final Tally total = new Tally();

  ClientInterceptor interceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        boolean write = method.getBareMethodName().startsWith("Put");
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            long started = System.nanoTime();
            super.start(
                new SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onClose(Status status, Metadata trailers) {
                    record(write, status.getCode(), System.nanoTime() - started);
                    super.onClose(status, trailers);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  private synchronized void record(boolean write, Status.Code code, long nanos) {
    window.add(write, code, nanos);
    total.add(write, code, nanos);
  }

  synchronized void reset() {
    window.clear();
    total.clear();
  }

  synchronized JsonObject window() {
    JsonObject json = window.json();
    window.clear();
    return json;
  }

  synchronized JsonObject total() {
    return total.json();
  }

  private static final class Tally {
    private final List<Long> writes = new ArrayList<>();
    private final List<Long> reads = new ArrayList<>();
    private final Map<String, Integer> writeCodes = new TreeMap<>();
    private final Map<String, Integer> readCodes = new TreeMap<>();

    void add(boolean write, Status.Code code, long nanos) {
      (write ? writes : reads).add(nanos);
      (write ? writeCodes : readCodes).merge(code.name(), 1, Integer::sum);
    }

    void clear() {
      writes.clear();
      reads.clear();
      writeCodes.clear();
      readCodes.clear();
    }

    JsonObject json() {
      JsonObject json = new JsonObject();
      json.add("writes", part(writes, writeCodes));
      json.add("reads", part(reads, readCodes));
      return json;
    }

    private static JsonObject part(List<Long> nanos, Map<String, Integer> codes) {
      JsonObject part = new JsonObject();
      part.addProperty("calls", nanos.size());
      JsonObject byCode = new JsonObject();
      codes.forEach(byCode::addProperty);
      part.add("codes", byCode);
      List<Long> sorted = new ArrayList<>(nanos);
      sorted.sort(null);
      part.addProperty("p50_ms", percentile(sorted, 0.50));
      part.addProperty("p99_ms", percentile(sorted, 0.99));
      return part;
    }

    private static double percentile(List<Long> sorted, double share) {
      if (sorted.isEmpty()) {
        return 0;
      }
      int index = (int) Math.min(sorted.size() - 1, Math.ceil(share * sorted.size()) - 1);
      return Math.round(sorted.get(Math.max(0, index)) / 1e4) / 100.0;
    }
  }
}
