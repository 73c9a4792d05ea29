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

    /** The text split into one-character deltas: every split a stream could make. */
    static String renderByCharacter(String text) {
        return render(text.split(""));
    }

    @Test
    void headingsEmphasisAndInlineCodeSurviveAnySplitOfTheStream() {
        String text = "# Title\nSome **bold** and *soft* and `code`.\n";
        String expected = B + "Title" + R + "\nSome " + B + "bold" + R + " and " + I + "soft" + R + " and " + C + "code" + R + ".\n";

        assertThat(render(text)).isEqualTo(expected);
        assertThat(render("#", " Ti", "tle\nSome *", "*bold*", "* and *so", "ft* and `co", "de`.\n")).isEqualTo(expected);
        assertThat(renderByCharacter(text)).isEqualTo(expected);
    }

    @Test
    void fencedCodeIsSetApartWithoutItsFences() {
        assertThat(render("Run:\n```bash\nls -l\n```\nDone.\n"))
                .isEqualTo("Run:\n" + D + "    ls -l\n" + R + "Done.\n");
        assertThat(renderByCharacter("Run:\n~~~\na * b\n~~~\n")).isEqualTo("Run:\n" + D + "    a * b\n" + R);
    }

    @Test
    void aFenceIndentedInAListIsStillACodeBlock() {
        assertThat(renderByCharacter("1. Install:\n   ```sh\n   npm i\n   ```\n2. Run\n"))
                .isEqualTo("1. Install:\n" + D + "    npm i\n" + R + "2. Run\n");
    }

    @Test
    void bulletsShowTheirDepthAndNumberedItemsKeepTheirNumbers() {
        assertThat(render("- one\n", "* two\n")).isEqualTo("• one\n• two\n");
        assertThat(renderByCharacter("- top\n  - nested\n    - deeper\n1. first\n10) tenth\n"))
                .isEqualTo("• top\n  ◦ nested\n    ▪ deeper\n1. first\n10) tenth\n");
    }

    @Test
    void aLoneAsteriskIsArithmeticNotEmphasisAndNothingStaysStyledPastItsLine() {
        assertThat(renderByCharacter("2 * 3 = 6 and 4 * 5 = 20\n")).isEqualTo("2 * 3 = 6 and 4 * 5 = 20\n");
        assertThat(render("an *unclosed marker\nnext line\n")).isEqualTo("an " + I + "unclosed marker" + R + "\nnext line\n");
        assertThat(renderByCharacter("call snake_case_name or _this_\n")).isEqualTo("call snake_case_name or " + I + "this" + R + "\n");
    }

    @Test
    void quotesAndRulesAreDrawn() {
        assertThat(renderByCharacter("> quoted *text*\n---\nafter\n"))
                .isEqualTo(D + "│ " + R + "quoted " + I + "text" + R + "\n" + D + "─".repeat(40) + R + "\nafter\n");
    }

    @Test
    void aTableIsHeldUntilItsLastRowThenAligned() {
        MarkdownRenderer md = new MarkdownRenderer();
        assertThat(md.feed("| Name | Size |\n|---|--:|\n| `a.txt` | 10 |\n")).as("held while rows may follow").isEmpty();
        String rendered = md.feed("| b | 2000 |\nDone.\n") + md.finish();

        String sep = D + " │ " + R;
        assertThat(rendered).isEqualTo(
                B + "Name" + R + " " + sep + B + "Size" + R + "\n"
                        + D + "─────" + "─┼─" + "────" + R + "\n"
                        + C + "a.txt" + R + sep + "10  \n"
                        + "b    " + sep + "2000\n"
                        + "Done.\n");
    }

    @Test
    void plainTextPassesThroughAsItArrives() {
        MarkdownRenderer md = new MarkdownRenderer();
        assertThat(md.feed("Hello wor")).isEqualTo("Hello wor");
        assertThat(md.feed("ld")).isEqualTo("ld");
        assertThat(md.feed("\r\nnext")).isEqualTo("\nnext");
    }
}
