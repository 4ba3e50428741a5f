using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Commands;

namespace OpsBot.Chat.Inbound;

/// <summary>
/// Chat platforms wait about three seconds for an answer. A command runs in its own scope, detached from the request;
/// if it finishes within <see cref="ChatOptions.AnswerWithin"/> its reply is the answer, otherwise the platform is told
/// to wait and the reply follows through the platform's follow-up channel (Slack response_url, Discord webhook).
/// </summary>
public sealed class InteractionRunner(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<ChatOptions> options,
    TimeProvider clock, ILogger<InteractionRunner> logger)
{
    /// <returns>The reply when it came in time; null when <paramref name="late"/> will deliver it.</returns>
    public async Task<CommandReply?> RunAsync(Func<CommandDispatcher, CancellationToken, Task<CommandReply>> work, Func<CommandReply, Task> late)
    {
        var running = RunInScopeAsync(work);
        var budget = Task.Delay(options.Value.AnswerWithin, clock, lifetime.ApplicationStopping);
        if (await Task.WhenAny(running, budget) == running) return await running;
        _ = FollowUpAsync(running, late);
        return null;
    }

    private async Task<CommandReply> RunInScopeAsync(Func<CommandDispatcher, CancellationToken, Task<CommandReply>> work)
    {
        await Task.Yield(); // the command's first synchronous stretch must not eat the answer budget
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CommandDispatcher>(), lifetime.ApplicationStopping);
    }

    private async Task FollowUpAsync(Task<CommandReply> running, Func<CommandReply, Task> late)
    {
        try { await late(await running); }
        catch (Exception e) { logger.LogError(e, "A late command reply could not be delivered"); }
    }
}
