package io.cachectl.warm;

/**
 * What {@code warm} was asked to do (parsed by the command, used by the service).
 *
 * @param file           path, or {@code -} for standard input
 * @param format         input format, or null to guess from the file name
 * @param nx             only add keys that do not exist (SET NX); never overwrites
 * @param defaultTtl     seconds for records without a ttl; 0 = none
 * @param allowNoTtl     records without any ttl are written without expiry instead of being rejected
 * @param rawStrings     JSON string values stored as their text, without the JSON quotes
 * @param skipInvalid    write the good records, put the bad lines in {@code rejects}
 * @param rejects        rejects file (with --skip-invalid), or null for the default next to the input
 * @param maxValueSize   bytes; larger values are rejected
 * @param dryRun         validate only
 * @param resumeFrom     first line to write (1 = all)
 * @param pipeline       commands per pipelined batch
 * @param maxErrors      bad records listed in full (the rest are counted)
 * @param progress       draw progress bars (a terminal and no --json)
 */
public record WarmSettings(String file, Format format, boolean nx, long defaultTtl, boolean allowNoTtl,
        boolean rawStrings, boolean skipInvalid, String rejects, long maxValueSize, boolean dryRun, long resumeFrom,
        int pipeline, int maxErrors, boolean progress) {
    /** Redis refuses bulk strings over 512 MB (proto-max-bulk-len), so no value may be larger. */
    public static final long MAX_BULK_BYTES = 512L << 20;
    /** Longest TTL accepted (--ttl and a record's "ttl"): 100 years; beyond that it is a typo. */
    public static final long MAX_TTL_SECONDS = RecordParser.MAX_TTL;

    public Format formatOrGuess() {
        return format != null ? format : Format.guess(file);
    }

    /**
     * Longest line kept in memory: room for a value at the size limit written with JSON escapes,
     * plus the key and fields. Longer lines are rejected without being held.
     */
    public int maxLineBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, maxValueSize * 2 + (64 << 10));
    }
}
