import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The baseline of bench/run: the plainest Java program that streams one ConverseStream answer with
 * the AWS SDK for Java v2 and prints it, closing the client as the SDK's examples do.
 * Usage: java MinimalConverseStream ENDPOINT KEY_ID SECRET PROMPT
 */
public final class MinimalConverseStream {

    public static void main(String[] args) {
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(args[0]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[1], args[2])))
                .build()) {
            ConverseStreamRequest request = ConverseStreamRequest.builder()
                    .modelId("anthropic.claude-3-haiku-20240307-v1:0")
                    .messages(List.of(Message.builder().role(ConversationRole.USER)
                            .content(ContentBlock.fromText(args[3])).build()))
                    .build();
            ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> {
                                if (e.delta().text() != null) {
                                    System.out.print(e.delta().text());
                                    System.out.flush();
                                }
                            })
                            .build())
                    .build();
            client.converseStream(request, handler).join();
            System.out.println();
        }
    }
}
