package dev.sluice.proxy.postgres.masking;

import dev.sluice.masking.MaskingKey;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Masking settings of the proxy ({@code sluice.proxy.masking.*}).
 *
 * @param hashKey     secret of the {@code hash} and {@code format} strategies (at least 16 bytes of text); empty
 *                    (the default) draws a random key at start-up, so hashes join only within one proxy lifetime
 * @param sampleRows  how many masked result rows a command's event may carry as {@code resultSample} (default 100;
 *                    0 disables samples)
 * @param sampleBytes byte budget of that sample (default 64KB)
 */
@ConfigurationProperties("sluice.proxy.masking")
public record MaskingProperties(
        @DefaultValue("") String hashKey,
        @DefaultValue("100") int sampleRows,
        @DefaultValue("64KB") DataSize sampleBytes) {

    /** The settings the relay uses. */
    public MaskingSettings settings() {
        MaskingKey key = hashKey == null || hashKey.isEmpty()
                ? MaskingKey.random() : MaskingKey.of(hashKey.getBytes(StandardCharsets.UTF_8));
        return new MaskingSettings(key, Math.max(0, sampleRows), (int) Math.max(0, sampleBytes.toBytes()));
    }

    @Override
    public String toString() {
        return "MaskingProperties[hashKey=****, sampleRows=" + sampleRows + ", sampleBytes=" + sampleBytes + "]";
    }
}
