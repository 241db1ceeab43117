package dev.quayside.engine.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FargateSizesTest {
    @ParameterizedTest
    @CsvSource({"256,256", "1 vCPU,1024", "1vcpu,1024", ".25 vCPU,256", "2 VCPU,2048", "16384,16384"})
    void cpuUnits_acceptsTheFormsAwsAccepts(String text, int units) {
        assertThat(FargateSizes.cpuUnits(text)).hasValue(units);
    }

    @ParameterizedTest
    @CsvSource({"512,512", "2GB,2048", "0.5GB,512", "2 GB,2048", "30gb,30720"})
    void memoryMiB_acceptsTheFormsAwsAccepts(String text, int mib) {
        assertThat(FargateSizes.memoryMiB(text)).hasValue(mib);
    }

    @ParameterizedTest
    @CsvSource({"256,512", "256,2048", "512,4096", "1024,8192", "2048,16384", "4096,30720", "8192,61440", "8192,20480", "16384,122880", "16384,40960"})
    void validPair_acceptsEveryDocumentedCombination(int cpu, int memory) {
        assertThat(FargateSizes.validPair(cpu, memory)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"256,4096", "512,512", "1024,1024", "2048,17408", "4096,31744", "8192,18432", "16384,36864", "300,512"})
    void validPair_refusesWhatFargateDoesNotOffer(int cpu, int memory) {
        assertThat(FargateSizes.validPair(cpu, memory)).isFalse();
    }

    @Test
    void cpuUnits_refusesFractionsOfAUnit() {
        assertThat(FargateSizes.cpuUnits("0.0001 vCPU")).isEmpty();
        assertThat(FargateSizes.cpuUnits("many")).isEmpty();
    }
}
