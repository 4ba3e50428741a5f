using OpsBot.Alerts;
using OpsBot.Chat;
using OpsBot.Notify;

namespace OpsBot.Tests.Notify;

public sealed class ConsoleSinkTests
{
    [Fact]
    public void ACard_PrintsItsStateFieldsStepsAndLinks_OnePerLine()
    {
        var card = new AlertCard
        {
            AlertId = 7, Title = "[CRITICAL] DiskFull: /var is full (#7)", Summary = "/var is full", Severity = Severity.Critical, State = CardState.Firing,
            StateLine = "Firing since 2026-11-23 09:00 UTC",
            Fields = [new("Host", "db-1"), new("Owner", "dba (page, 10:00 Europe/Berlin)")],
            RunbookSteps = ["Find the biggest directories", "Rotate the logs"],
            Links = [new AlertLink("https://grafana.example/d/disk", "Dashboard")],
        };
        var lines = ConsoleSink.Render(card).Split('\n');
        Assert.Equal(
            ["    Firing since 2026-11-23 09:00 UTC", "    /var is full", "    Host: db-1", "    Owner: dba (page, 10:00 Europe/Berlin)",
             "    1. Find the biggest directories", "    2. Rotate the logs", "    Dashboard: https://grafana.example/d/disk"], lines);
    }
}
