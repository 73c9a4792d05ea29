package dev.basalt.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "report.pdf|report",
            "Q3 report_final (v2).PDF|Q3 report final (v2)",
            "  many   spaces\tand\ttabs.txt |many spaces and tabs",
            "Résumé – draft [2024].docx|Resume draft [2024]",
            "notes.v2.md|notes v2",
            "archive.tar.gz|archive tar gz",
            "日本語.txt|document",
            "...|document"})
    void namesKeepOnlyWhatBedrockAccepts(String given, String sent) {
        assertThat(DocumentNames.sanitise(given)).isEqualTo(sent);
    }

    @Test
    void longNamesAreCutToTwoHundredCharacters() {
        String sent = DocumentNames.sanitise("a".repeat(300) + ".txt");

        assertThat(sent).hasSize(200);
    }

    @Test
    void repeatedNamesGetANumberIgnoringCase() {
        DocumentNames names = new DocumentNames();

        assertThat(names.next("data.csv")).isEqualTo("data");
        assertThat(names.next("DATA.xlsx")).isEqualTo("DATA (2)");
        assertThat(names.next("data.csv")).isEqualTo("data (3)");
        assertThat(names.next("other.csv")).isEqualTo("other");
        assertThat(new DocumentNames().next("x".repeat(200) + ".txt")).hasSize(200);
    }

    @Test
    void aSuffixStillFitsInTheLengthLimit() {
        DocumentNames names = new DocumentNames();
        names.next("y".repeat(250));

        assertThat(names.next("y".repeat(250))).hasSize(200).endsWith(" (2)");
    }
}
