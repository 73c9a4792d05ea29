package dev.basalt.agent;

import java.util.function.Consumer;

/**
 * What a running tool may use: the workspace, a place to show the user something (a diff), and the
 * cancellation flag it must honour.
 */
public record ToolContext(Workspace workspace, Consumer<String> display, java.util.function.BooleanSupplier cancelled) {

    public static ToolContext of(Workspace workspace) {
        return new ToolContext(workspace, text -> { }, () -> false);
    }
}
