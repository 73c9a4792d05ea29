package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitlesTest {

    @Test
    void aPromptThatSaysEnoughIsTheTitleWhateverTheAnswer() {
        assertThat(Titles.of("fix the flaky parser test in core", "# Parser fix\n\nDone."))
                .isEqualTo("fix the flaky parser test in core");
    }

    @Test
    void aShortPromptIsFollowedByTheAnswersFirstHeading() {
        assertThat(Titles.of("review this\n\ndiff --git a/Parser.java b/Parser.java", "## Review of **Parser.parse**\n\nLooks fine."))
                .isEqualTo("review this: Review of Parser.parse");
    }

    @Test
    void withoutAHeadingTheFirstSentenceOfThreeWordsOrMoreIsUsed() {
        assertThat(Titles.of("hi", "Hello! I can read, edit and run things here. What next?"))
                .isEqualTo("hi: I can read, edit and run things here");
    }

    @Test
    void aOneWordHeadingIsTooGenericAndAnAnswerWithNothingToSayLeavesThePrompt() {
        assertThat(Titles.of("review this", "## Summary\n\nThe `null` check in `parse` is missing."))
                .isEqualTo("review this: The null check in parse is missing");
        assertThat(Titles.of("hi", "Hello!")).isEqualTo("hi");
        assertThat(Titles.of("hello there", "hello there")).isEqualTo("hello there");
    }

    @Test
    void longTitlesAreCutAtAWord() {
        String title = Titles.of("explain", "This module turns the streamed events of Bedrock into the provider-neutral responses.");
        assertThat(title).hasSizeLessThanOrEqualTo(Titles.MAX).endsWith("...").isEqualTo("explain: This module turns the streamed events of Bedrock...");
        assertThat(Titles.of("   \n\n  ")).isEqualTo("(untitled)");
    }
}
