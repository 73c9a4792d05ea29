package dev.basalt.cli;

import dev.basalt.agent.ConversationStore;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt conversations list|show|export|rm|rename`: the saved conversations. */
@Command(name = "conversations", mixinStandardHelpOptions = true,
        description = "List, show, export, rename or delete saved conversations (kept under BASALT_HOME, default ~/.basalt).",
        subcommands = {Conversations.List.class, Conversations.Show.class, Conversations.Export.class,
                Conversations.Remove.class, Conversations.Rename.class})
final class Conversations implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store, which leaves out a file it cannot read with one line saying so (a listing still works). */
    static ConversationStore store() {
        return new ConversationStore(BasaltHome.conversations(), (file, why) -> System.err.println("basalt: skipped " + file
                + ", which cannot be read (" + (why instanceof java.nio.charset.CharacterCodingException ? "not UTF-8" : why.getMessage())
                + "; move it out of " + file.getParent() + " or delete it)"));
    }

    static ConversationStore.Summary find(String id) {
        try {
            return store().find(id).orElseThrow(() -> new UserError(ExitCode.USAGE, "no conversation " + id,
                    "see `basalt conversations list`"));
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage(), "see `basalt conversations list`");
        }
    }

    @Command(name = "list", description = "Saved conversations, newest first.")
    static final class List implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            java.util.List<ConversationStore.Summary> all = store().list();
            if (all.isEmpty()) {
                out.println("No conversations yet. Start one with: basalt chat \"Hello\"");
                return ExitCode.OK;
            }
            DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
            for (ConversationStore.Summary s : all) {
                out.printf("%s  %s  %3d msgs  %s%n", s.id(), when.format(s.created()), s.messages(), s.title());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Print a conversation.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The conversation id (or a unique prefix).")
        String id;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ConversationStore.Summary summary = find(id);
            spec.commandLine().getOut().print(Markdown.of(summary, store().messages(summary.id())));
            return ExitCode.OK;
        }
    }

    @Command(name = "export", description = "Export a conversation as Markdown or JSON.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The conversation id (or a unique prefix).")
        String id;

        @Option(names = "--format", defaultValue = "md",
                description = "md (default) or json (one document: id, title, model, region, created, system, messages).")
        String format;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ConversationStore.Summary summary = find(id);
            PrintWriter out = spec.commandLine().getOut();
            switch (format.toLowerCase(Locale.ROOT)) {
                case "md", "markdown" -> out.print(Markdown.of(summary, store().messages(summary.id())));
                case "json" -> out.println(store().json(summary.id()));
                default -> throw new UserError(ExitCode.USAGE, "--format must be md or json, not " + format, "for example --format md");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "rm", description = "Delete a conversation.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The conversation id (or a unique prefix).")
        String id;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ConversationStore.Summary summary = find(id);
            store().delete(summary.id());
            spec.commandLine().getOut().println("Deleted " + summary.id() + " (" + summary.title() + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "rename", description = "Give a conversation a new title.")
    static final class Rename implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TITLE", description = "The new title.")
        java.util.List<String> title;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ConversationStore.Summary summary = find(id);
            store().rename(summary.id(), String.join(" ", title));
            spec.commandLine().getOut().println("Renamed " + summary.id());
            return ExitCode.OK;
        }
    }

    /** A conversation as Markdown. */
    static final class Markdown {
        private Markdown() {
        }

        static String of(ConversationStore.Summary summary, java.util.List<Message> messages) {
            StringBuilder md = new StringBuilder();
            md.append("# ").append(summary.title()).append("\n\n");
            md.append("_").append(summary.model()).append(", ").append(summary.region()).append(", ").append(summary.created()).append("_\n\n");
            for (Message m : messages) {
                md.append("## ").append(m.role() == dev.basalt.core.Role.USER ? "User" : "Assistant").append("\n\n");
                for (Content c : m.content()) {
                    if (c instanceof Content.Text t) {
                        md.append(t.text()).append("\n\n");
                    } else if (c instanceof Content.ToolUse u) {
                        md.append("Tool call `").append(u.name()).append("`: `").append(u.inputJson()).append("`\n\n");
                    } else if (c instanceof Content.ToolResult r) {
                        md.append(r.isError() ? "Tool error:\n\n```\n" : "Tool result:\n\n```\n");
                        r.content().stream().filter(Content.Text.class::isInstance)
                                .forEach(x -> md.append(((Content.Text) x).text()).append('\n'));
                        md.append("```\n\n");
                    } else if (c instanceof Content.Image i) {
                        // the bytes stay in the conversation file; the export names what was shown
                        md.append("_Image: ").append(i.name()).append(" (").append(i.format().wireName()).append(", ")
                                .append(i.byteCount()).append(" bytes)_\n\n");
                    } else if (c instanceof Content.Document d) {
                        md.append("_Document: ").append(d.name()).append(" (").append(d.format().wireName()).append(", ")
                                .append(d.byteCount()).append(" bytes)_\n\n");
                    }
                }
            }
            return md.toString();
        }
    }
}
