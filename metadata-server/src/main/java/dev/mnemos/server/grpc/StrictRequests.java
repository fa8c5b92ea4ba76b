package dev.mnemos.server.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A service whose requests that cannot be parsed are the client's fault: INVALID_ARGUMENT naming
 * the expected message; and whose requests with a list longer than {@value #MAX_ITEMS} are
 * RESOURCE_EXHAUSTED before any work starts; and whose strings that are not UTF-8 are
 * INVALID_ARGUMENT ({@link Utf8Fields}). grpc-java itself answers UNKNOWN and logs a stack trace
 * for every such call (a failing parse is an "application error" to it), so parsing here never
 * fails: bytes that are no message become a marker instance, which the call handler refuses before
 * the method sees it.
 */
final class StrictRequests {

  /**
   * Ids, URIs, names or nodes in one list of one request. A million ids already make a request of
   * several megabytes and an answer of gigabytes; MLMD's own clients page long listings.
   */
  static final int MAX_ITEMS = 1_000_000;

  private StrictRequests() {}

  /** RESOURCE_EXHAUSTED when a list of {@code request} is longer than {@link #MAX_ITEMS}. */
  private static @Nullable Status tooManyItems(Message request) {
    for (FieldDescriptor field : request.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        int count = request.getRepeatedFieldCount(field);
        if (count > MAX_ITEMS) {
          return Status.RESOURCE_EXHAUSTED.withDescription(
              field.getName()
                  + " holds "
                  + count
                  + " items; at most "
                  + MAX_ITEMS
                  + " are taken in one call: split the call");
        }
      }
    }
    return null;
  }

  private static @Nullable Status refusal(Message request) {
    Status tooMany = tooManyItems(request);
    if (tooMany != null) {
      return tooMany;
    }
    String notText = Utf8Fields.firstInvalid(request);
    return notText == null
        ? null
        : Status.INVALID_ARGUMENT.withDescription(
            notText
                + " is not valid UTF-8: Mnemos stores text, and would have to change these bytes"
                + " to store them");
  }

  static ServerServiceDefinition of(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    var methods = service.getMethods().stream().map(StrictRequests::strict).toList();
    methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
    ServerServiceDefinition.Builder strict = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(strict::addMethod);
    return strict.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    if (!(descriptor.getRequestMarshaller()
        instanceof MethodDescriptor.PrototypeMarshaller<Q> requests)) {
      return method;
    }
    Message prototype = (Message) requests.getMessagePrototype();
    @SuppressWarnings("unchecked")
    Q garbled = (Q) prototype.newBuilderForType().build();
    String refusal =
        "the request is not a valid " + prototype.getDescriptorForType().getName() + " message";
    MethodDescriptor.Marshaller<Q> lenient =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Q value) {
            return requests.stream(value);
          }

          @Override
          public Q parse(InputStream stream) {
            try {
              return requests.parse(stream);
            } catch (RuntimeException e) {
              return garbled;
            }
          }
        };
    ServerCallHandler<Q, R> handler = method.getServerCallHandler();
    ServerCallHandler<Q, R> refusing =
        (call, headers) ->
            new SimpleForwardingServerCallListener<>(handler.startCall(call, headers)) {
              private boolean refused;

              @Override
              public void onMessage(Q message) {
                Status refusedWith =
                    message == garbled
                        ? Status.INVALID_ARGUMENT.withDescription(refusal)
                        : refusal((Message) message);
                if (refusedWith != null) {
                  refused = true;
                  call.close(refusedWith, new Metadata());
                  return;
                }
                super.onMessage(message);
              }

              @Override
              public void onHalfClose() {
                if (!refused) {
                  super.onHalfClose();
                }
              }
            };
    return ServerMethodDefinition.create(
        descriptor.toBuilder(lenient, descriptor.getResponseMarshaller()).build(), refusing);
  }
}
