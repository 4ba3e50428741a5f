using OpsBot.Tests.Support;

namespace OpsBot.Tests.Silences.Alertmanager;

/// <summary>One real Alertmanager shared by a test class: starting one takes a second or two.</summary>
public sealed class AlertmanagerFixture : IAsyncLifetime
{
    private AlertmanagerProcess? _alertmanager;

    public AlertmanagerProcess Alertmanager => _alertmanager ?? throw new InvalidOperationException("the fixture has not started");

    public async Task InitializeAsync() => _alertmanager = await AlertmanagerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
    }
}
