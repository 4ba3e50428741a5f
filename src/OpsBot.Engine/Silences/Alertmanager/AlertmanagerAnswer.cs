using System.Net;

namespace OpsBot.Silences.Alertmanager;

/// <summary>A 2xx (or tolerated) answer, with what was asked, so body errors can say which request they concern.</summary>
internal readonly record struct AlertmanagerAnswer(HttpMethod Method, Uri Uri, HttpStatusCode Status, string Body);
