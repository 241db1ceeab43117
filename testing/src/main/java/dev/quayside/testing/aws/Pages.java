package dev.quayside.testing.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@code maxResults}/{@code nextToken} paging over a complete listing. */
final class Pages {

    private static final int DEFAULT_MAX_RESULTS = 100;
    private static final int LIMIT = 1000;
    private static final String TOKEN_PREFIX = "offset:";

    record Page<T>(List<T> items, Optional<String> nextToken) {
    }

    private Pages() {
    }

    static <T> Page<T> page(List<T> all, Optional<Integer> maxResults, Optional<String> nextToken) {
        int size = maxResults.orElse(DEFAULT_MAX_RESULTS);
        if (size < 1) {
            throw AwsError.invalidParameter("maxResults", "Member must have value greater than or equal to 1");
        }
        if (size > LIMIT) {
            throw AwsError.invalidParameter("maxResults", "Member must have value less than or equal to " + LIMIT);
        }
        int from = nextToken.map(Pages::offset).orElse(0);
        int to = Math.min(all.size(), from + size);
        Optional<String> next = to < all.size() ? Optional.of(token(to)) : Optional.empty();
        return new Page<>(List.copyOf(all.subList(Math.min(from, all.size()), to)), next);
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(TOKEN_PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below; NumberFormatException is an IllegalArgumentException
        }
        throw AwsError.invalidParameter("nextToken", "Invalid NextToken");
    }
}
