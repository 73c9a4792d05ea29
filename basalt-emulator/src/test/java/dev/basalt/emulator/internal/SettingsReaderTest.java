package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private final SettingsReader reader = new SettingsReader(new ObjectMapper());

    @Test
    void aFaultWrittenOnTheCommandLineIsTheSettingsFilesFault() {
        FaultRule error = reader.fault("error,status=503,rate=0.5,model=*nova*");
        assertThat(error.fault()).isEqualTo(new Fault.Error(503, "ServiceUnavailableException",
                "Bedrock is unable to process your request."));
        assertThat(error.rate()).isEqualTo(0.5);
        assertThat(error.model()).isEqualTo("*nova*");

        FaultRule stall = reader.fault("stall,afterEvents=2,ms=1500,times=1");
        assertThat(stall.fault()).isEqualTo(new Fault.Stall(2, Duration.ofMillis(1500)));
        assertThat(stall.times()).isEqualTo(1);
        assertThat(stall.rate()).isEqualTo(1.0);
    }

    @Test
    void aWrongFaultSpecNamesThePartThatIsWrong() {
        assertThatThrownBy(() -> reader.fault("meteor")).hasMessageContaining("kind must be one of throttle");
        assertThatThrownBy(() -> reader.fault("stall,seconds=3")).hasMessageContaining("no 'seconds'");
        assertThatThrownBy(() -> reader.fault("stall,afterEvents")).hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> reader.fault("throttle,rate=2")).hasMessageStartingWith("rate must be");
    }
}
