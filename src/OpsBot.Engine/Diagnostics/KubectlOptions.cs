namespace OpsBot.Diagnostics;

/// <summary>The "Kubectl" section.</summary>
public sealed class KubectlOptions
{
    public const string Section = "Kubectl";

    /// <summary>The kubectl executable; a bare name is looked up on PATH.</summary>
    public string Path { get; set; } = "kubectl";
    /// <summary>Empty: the kubeconfig's current context.</summary>
    public string? Context { get; set; }
    /// <summary>Empty: kubectl's default ($KUBECONFIG, then ~/.kube/config).</summary>
    public string? Kubeconfig { get; set; }
}
