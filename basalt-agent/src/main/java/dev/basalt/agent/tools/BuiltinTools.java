package dev.basalt.agent.tools;

import dev.basalt.agent.Tool;
import java.util.List;

/** The tools every session has. */
public final class BuiltinTools {

    private BuiltinTools() {
    }

    public static List<Tool> all() {
        return List.of(new ReadFile(), new WriteFile(), new EditFile(), new ListFiles(), new Grep(), new Bash(), new WebFetch());
    }
}
