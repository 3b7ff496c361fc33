namespace Microservices.Events.Specs.Model;

/// <summary>
/// GitLab's hook events as Argo names them (the fields of go-gitlab's hook options), with the hook setting each one
/// switches on and the <c>X-Gitlab-Event</c> header GitLab sends with it.
/// </summary>
public static class GitlabHookEvents
{
    public static IReadOnlyDictionary<string, (string Setting, string Header)> All { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["PushEvents"] = ("push_events", "Push Hook"),
        ["TagPushEvents"] = ("tag_push_events", "Tag Push Hook"),
        ["IssuesEvents"] = ("issues_events", "Issue Hook"),
        ["ConfidentialIssuesEvents"] = ("confidential_issues_events", "Confidential Issue Hook"),
        ["MergeRequestsEvents"] = ("merge_requests_events", "Merge Request Hook"),
        ["NoteEvents"] = ("note_events", "Note Hook"),
        ["ConfidentialNoteEvents"] = ("confidential_note_events", "Confidential Note Hook"),
        ["JobEvents"] = ("job_events", "Job Hook"),
        ["PipelineEvents"] = ("pipeline_events", "Pipeline Hook"),
        ["WikiPageEvents"] = ("wiki_page_events", "Wiki Page Hook"),
        ["EmojiEvents"] = ("emoji_events", "Emoji Hook"),
        ["DeploymentEvents"] = ("deployment_events", "Deployment Hook"),
        ["ReleasesEvents"] = ("releases_events", "Release Hook"),
    };
}
