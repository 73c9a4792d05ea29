package dev.basalt.bedrock;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Region names checked before any call: a mistyped region otherwise surfaces only as a connection
 * failure to a host that does not exist, after the SDK's retries.
 */
public final class AwsRegions {

    /** us-east-1, us-gov-west-1, ap-southeast-5, us-isob-east-1. */
    private static final Pattern SHAPE = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d{1,2}$");

    private AwsRegions() {
    }

    /** True for a name shaped like an AWS region, whether this SDK knows it or not. */
    public static boolean shaped(String region) {
        return region != null && SHAPE.matcher(region).matches();
    }

    /** True for a region in the SDK's partition metadata; a region newer than the SDK is shaped but not known. */
    public static boolean known(String region) {
        return Region.regions().stream().anyMatch(r -> r.id().equals(region));
    }

    /** The three known regions nearest to {@code region} by spelling. */
    public static List<String> closest(String region) {
        return Region.regions().stream().map(Region::id).filter(AwsRegions::shaped)
                .sorted(Comparator.comparingInt((String id) -> ModelRef.distance(region, id)).thenComparing(id -> id))
                .limit(3).toList();
    }

    /** The one-line error for a name that is not shaped like a region, with the closest known ones. */
    public static ModelException unknown(String region, String example) {
        return new ModelException(ErrorKind.CONFIGURATION, "unknown region '" + region + "'",
                "closest: " + String.join(", ", closest(region)) + "; e.g. " + example);
    }
}
