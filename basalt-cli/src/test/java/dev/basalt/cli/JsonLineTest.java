package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.core.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script output's JSON: whatever a model writes comes back intact through a real parser. */
class JsonLineTest {

    @Test
    void textWithQuotesControlCharactersAndNonAsciiSurvivesARoundTrip() throws Exception {
        String text = "say \"hi\"\\ then\nnew line\ttab \u0001\u001f é ✓ 🪨 </script>";

        JsonNode parsed = new ObjectMapper().readTree(JsonLine.event(new StreamEvent.TextDelta(0, text)));

        assertThat(parsed.path("type").asText()).isEqualTo("text_delta");
        assertThat(parsed.path("text").asText()).isEqualTo(text);
        assertThat(JsonLine.event(new StreamEvent.TextDelta(0, text))).doesNotContain("\n");
    }

    @Test
    void numbersBooleansNullsAndListsKeepTheirTypes() throws Exception {
        JsonNode parsed = new ObjectMapper().readTree(JsonLine.object("n", 3, "ok", true, "none", null, "list", List.of("a", 2)));

        assertThat(parsed.path("n").isInt()).isTrue();
        assertThat(parsed.path("ok").isBoolean()).isTrue();
        assertThat(parsed.path("none").isNull()).isTrue();
        assertThat(parsed.path("list").toString()).isEqualTo("[\"a\",2]");
    }

    @Test
    void aToolInputIsNestedAsJsonOnOneLineWhenItIsJsonAndAStringWhenNot() throws Exception {
        ObjectMapper json = new ObjectMapper();

        JsonNode pretty = json.readTree(JsonLine.object("input", JsonLine.rawIfJson("{\n  \"path\": \"a b.txt\",\n  \"n\": [1, 2]\n}")));
        JsonNode broken = json.readTree(JsonLine.object("input", JsonLine.rawIfJson("{\"path\": ")));
        JsonNode two = json.readTree(JsonLine.object("input", JsonLine.rawIfJson("{} {}")));

        assertThat(JsonLine.object("input", JsonLine.rawIfJson("{\n  \"path\": \"x\"\n}"))).doesNotContain("\n");
        assertThat(pretty.path("input").path("path").asText()).isEqualTo("a b.txt");
        assertThat(pretty.path("input").path("n").toString()).isEqualTo("[1,2]");
        assertThat(broken.path("input").asText()).isEqualTo("{\"path\": ");
        assertThat(two.path("input").asText()).isEqualTo("{} {}");
    }
}
