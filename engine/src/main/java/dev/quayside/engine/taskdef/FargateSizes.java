package dev.quayside.engine.taskdef;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Task cpu/memory values in the forms AWS accepts, and the Fargate combinations that exist. */
final class FargateSizes {
    private static final Pattern CPU = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*(vcpu)?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MEMORY = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*(gb|mb|mib|gib)?\\s*", Pattern.CASE_INSENSITIVE);

    private FargateSizes() {
    }

    /** CPU units from "256", "1 vCPU", ".25 vCPU". */
    static OptionalInt cpuUnits(String value) {
        Matcher m = CPU.matcher(value);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        double n = Double.parseDouble(m.group(1));
        double units = m.group(2) != null ? n * 1024 : n;
        return units == Math.rint(units) ? OptionalInt.of((int) units) : OptionalInt.empty();
    }

    /** MiB from "512", "2GB", "0.5 GB". */
    static OptionalInt memoryMiB(String value) {
        Matcher m = MEMORY.matcher(value);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        double mib = unit.startsWith("g") ? n * 1024 : n;
        return mib == Math.rint(mib) ? OptionalInt.of((int) mib) : OptionalInt.empty();
    }

    /** Whether Fargate offers this cpu with this memory (design.md §4). */
    static boolean validPair(int cpu, int memory) {
        switch (cpu) {
            case 256: return memory == 512 || memory == 1024 || memory == 2048;
            case 512: return inSteps(memory, 1024, 4096, 1024);
            case 1024: return inSteps(memory, 2048, 8192, 1024);
            case 2048: return inSteps(memory, 4096, 16384, 1024);
            case 4096: return inSteps(memory, 8192, 30720, 1024);
            case 8192: return inSteps(memory, 16384, 61440, 4096);
            case 16384: return inSteps(memory, 32768, 122880, 8192);
            default: return false;
        }
    }

    static boolean validCpu(int cpu) {
        return cpu == 256 || cpu == 512 || cpu == 1024 || cpu == 2048 || cpu == 4096 || cpu == 8192 || cpu == 16384;
    }

    static String memoryRange(int cpu) {
        switch (cpu) {
            case 256: return "512, 1024 or 2048";
            case 512: return "1024 to 4096 in steps of 1024";
            case 1024: return "2048 to 8192 in steps of 1024";
            case 2048: return "4096 to 16384 in steps of 1024";
            case 4096: return "8192 to 30720 in steps of 1024";
            case 8192: return "16384 to 61440 in steps of 4096";
            default: return "32768 to 122880 in steps of 8192";
        }
    }

    private static boolean inSteps(int value, int min, int max, int step) {
        return value >= min && value <= max && (value - min) % step == 0;
    }
}
