package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    static final String B = MarkdownRenderer.BOLD;
    static final String I = MarkdownRenderer.ITALIC;
    static final String C = MarkdownRenderer.CYAN;
    static final String D = MarkdownRenderer.DIM;
    static final String R = MarkdownRenderer.RESET;

    static String render(String... deltas) {
        MarkdownRenderer md = new MarkdownRenderer();
        StringBuilder out = new StringBuilder();
        for (String d : deltas) {
            out.append(md.feed(d));
        }
        return out.append(md.finish()).toString();
    }

    @Test
    void headingsEmphasisAndInlineCodeSurviveAnySplitOfTheStream() {
        String expected = B + "Title" + R + "\nSome " + B + "bold" + R + " and " + I + "soft" + R + " and " + C + "code" + R + ".\n";

        assertThat(render("# Title\nSome **bold** and *soft* and `code`.\n")).isEqualTo(expected);
        assertThat(render("#", " Ti", "tle\nSome *", "*bold*", "* and *so", "ft* and `co", "de`.\n")).isEqualTo(expected);
    }

    @Test
    void fencedCodeIsSetApartWithoutItsFences() {
        assertThat(render("Run:\n```bash\nls -l\n```\nDone.\n"))
                .isEqualTo("Run:\n" + D + "    ls -l\n" + R + "Done.\n");
    }

    @Test
    void listBulletsBecomeDots() {
        assertThat(render("- one\n", "* two\n")).isEqualTo("• one\n• two\n");
    }

    @Test
    void plainTextPassesThroughAsItArrives() {
        MarkdownRenderer md = new MarkdownRenderer();
        assertThat(md.feed("Hello wor")).isEqualTo("Hello wor");
        assertThat(md.feed("ld")).isEqualTo("ld");
    }
}
