package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bedrock's limits on images and documents, checked before sending: a refused request costs a round
 * trip and Bedrock's message does not name the file. Converse sends the whole history every time, so
 * the counts are per request, old turns included. (MB here is 1024 x 1024 bytes.)
 */
final class AttachmentLimits {

    static final int MAX_IMAGE_BYTES = 3_932_160;   // 3.75 MB
    static final int MAX_IMAGE_SIDE = 8000;
    static final int MAX_IMAGES = 20;
    static final int MAX_DOCUMENT_BYTES = 4_718_592; // 4.5 MB
    static final int MAX_DOCUMENTS = 5;

    private AttachmentLimits() {
    }

    /** @param model the catalog entry, or null when the catalog does not know the model (capabilities unchecked) */
    static void check(ChatRequest request, CatalogModel model) {
        List<Content.Image> images = new ArrayList<>();
        List<Content.Document> documents = new ArrayList<>();
        for (Message message : request.messages()) {
            int before = images.size() + documents.size();
            collect(message.content(), images, documents);
            if (message.role() != Role.USER && images.size() + documents.size() > before) {
                throw invalid("images and documents go in user messages, but an assistant message holds one",
                        "move it to the user's turn");
            }
        }
        if (images.size() > MAX_IMAGES) {
            throw invalid("the request holds " + images.size() + " images; Bedrock takes at most " + MAX_IMAGES + " per request",
                    "send fewer images, or start a new conversation");
        }
        if (documents.size() > MAX_DOCUMENTS) {
            throw invalid("the request holds " + documents.size() + " documents; Bedrock takes at most " + MAX_DOCUMENTS
                    + " per request", "send fewer documents, or start a new conversation");
        }
        for (Content.Image image : images) {
            check(image, model);
        }
        for (Content.Document document : documents) {
            check(document, model);
        }
    }

    private static void check(Content.Image image, CatalogModel model) {
        if (model != null && !model.supports("vision")) {
            throw invalid(model.name() + " does not read images (" + image.name() + ")",
                    "use a model with vision, e.g. sonnet (`basalt models` lists them)");
        }
        if (image.byteCount() > MAX_IMAGE_BYTES) {
            throw invalid(image.name() + " is " + megabytes(image.byteCount()) + "; Bedrock takes images up to 3.75 MB",
                    "resize or recompress it");
        }
        image.dimensions().ifPresent(size -> {
            if (size.width() > MAX_IMAGE_SIDE || size.height() > MAX_IMAGE_SIDE) {
                throw invalid(image.name() + " is " + size.width() + "x" + size.height() + " px; Bedrock takes images up to "
                        + MAX_IMAGE_SIDE + " px on each side", "scale it down");
            }
        });
        // An unreadable header is left to Bedrock: refusing an odd but valid file here would be worse.
    }

    private static void check(Content.Document document, CatalogModel model) {
        if (model != null && !model.supports("documents")) {
            throw invalid(model.name() + " does not read documents (" + document.name() + ")",
                    "use a model that does, e.g. sonnet (`basalt models` lists them)");
        }
        if (document.byteCount() > MAX_DOCUMENT_BYTES) {
            throw invalid(document.name() + " is " + megabytes(document.byteCount()) + "; Bedrock takes documents up to 4.5 MB",
                    "split it, or send its text instead");
        }
    }

    private static void collect(List<Content> content, List<Content.Image> images, List<Content.Document> documents) {
        for (Content c : content) {
            if (c instanceof Content.Image image) {
                images.add(image);
            } else if (c instanceof Content.Document document) {
                documents.add(document);
            } else if (c instanceof Content.ToolResult result) {
                collect(result.content(), images, documents);
            }
        }
    }

    private static String megabytes(int bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
    }

    private static ModelException invalid(String message, String hint) {
        return new ModelException(ErrorKind.VALIDATION, message, hint);
    }
}
