using System.Globalization;
using Supervision.Core.Audit;

namespace Supervision.Tests.Audit;

public sealed class AuditVerifierParsingTests
{
    [Theory]
    [InlineData("2026-04-02 02:00:00")]
    [InlineData("2026-04-02 02:00:00.1")]
    [InlineData("2026-12-31 23:59:59.9999999")]
    [InlineData("2026-01-05 01:00:07.0450001")]
    [InlineData("2026-04-02T02:00:00.0000000Z")]
    public void Stored_timestamps_are_read_to_the_tick_as_the_general_parser_reads_them(string text)
    {
        var expected = DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "O"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;

        Assert.Equal(expected, AuditVerifier.ParseTicks(text));
    }

    [Theory]
    [InlineData("2026-02-30 02:00:00")]
    [InlineData("2026-04-02 24:00:00")]
    [InlineData("2026-04-02 02:00:00.12x")]
    [InlineData("二〇二六年四月二日")]
    public void A_timestamp_that_is_not_a_real_time_is_not_read_as_one(string text) =>
        Assert.Throws<FormatException>(() => AuditVerifier.ParseTicks(text));
}
