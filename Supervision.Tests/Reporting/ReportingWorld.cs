using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Audit;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Reporting;
using Supervision.Core.Rules;

namespace Supervision.Tests.Reporting;

/// <summary>
/// A real database (SQLite or PostgreSQL, see <see cref="TestDatabase"/>) with three units (lead, assisting, unrelated), a leader and one assigned, acknowledged
/// monthly task, plus the reporting services wired as the app wires them, on a fake clock.
/// </summary>
internal sealed class ReportingWorld : IAsyncDisposable
{
    private ReportingWorld(TestDatabase db, string folder, FakeTimeProvider clock)
    {
        Db = db;
        Folder = folder;
        Clock = clock;
        Center = new NotificationCenter(db.Feed);
        Files = new AttachmentStore(Path.Combine(folder, "attachments"));
        // The signing key sits outside the checkpoint folder, as the app keeps it outside the database folder.
        Checkpoints = new AuditCheckpointStore(Path.Combine(folder, "audit-checkpoints"), Path.Combine(folder, "keys", "audit-signing.key"));
        Judgement = TestJudgement.For(db, clock);
        Reports = new ReportQueries(db, clock, Options.Create(RuleThresholds.Default), Judgement);
        Chain = new ReportChainService(db, clock);
        Attachments = new ReportAttachmentService(db, clock, Files);
        var commands = new FollowUpCommands(db, clock);
        FollowUp = new FollowUpViewService(db, clock);
        Escalation = new EscalationService(commands, Options.Create(new ChasingOptions()));
        Coordination = new CoordinationService(commands);
        Extensions = new ExtensionService(commands);
        Completion = new CompletionService(commands, Attachments);
        Cancellation = new TaskCancellationService(commands);
        Remarks = new LeaderRemarkService(commands);
        SpotChecks = new SpotCheckService(commands, Attachments);
        Notifications = new NotificationService(db, clock);
        Todo = new TodoService(db, Judgement);
        Chasing = new ChasingService(db, clock, Options.Create(RuleThresholds.Default), Options.Create(new ChasingOptions()));
        Audit = new AuditService(db, Checkpoints, clock);
    }

    public TestDatabase Db { get; }
    public JudgementService Judgement { get; }
    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    public NotificationCenter Center { get; }
    public AttachmentStore Files { get; }
    public AuditCheckpointStore Checkpoints { get; }
    public ReportQueries Reports { get; }
    public ReportChainService Chain { get; }
    public ReportAttachmentService Attachments { get; }
    public FollowUpViewService FollowUp { get; }
    public EscalationService Escalation { get; }
    public CoordinationService Coordination { get; }
    public ExtensionService Extensions { get; }
    public CompletionService Completion { get; }
    public TaskCancellationService Cancellation { get; }
    public LeaderRemarkService Remarks { get; }
    public SpotCheckService SpotChecks { get; }
    public NotificationService Notifications { get; }
    public TodoService Todo { get; }
    public ChasingService Chasing { get; }
    public AuditService Audit { get; }

    /// <summary>Registers the services the report page and the follow-up panel use, over this world, for a component test.</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton(Reports);
        services.AddSingleton(Chain);
        services.AddSingleton(Attachments);
        services.AddSingleton(FollowUp);
        services.AddSingleton(Escalation);
        services.AddSingleton(Coordination);
        services.AddSingleton(Extensions);
        services.AddSingleton(Completion);
        services.AddSingleton(Cancellation);
        services.AddSingleton(Remarks);
        services.AddSingleton(SpotChecks);
        services.AddSingleton<TimeProvider>(Clock);
    }

    public int Lead { get; private set; }
    public int Assisting { get; private set; }
    public int Other { get; private set; }
    public int LeaderId { get; private set; }
    public int TaskId { get; private set; }

    public Actor Operator => TestData.Operator(Lead);
    public Actor Supervisor => TestData.Supervisor(Lead);
    public Actor Principal => TestData.Principal(Lead);
    public Actor Inspector => TestData.Inspector;
    public Actor AssistingOperator => TestData.Operator(Assisting);

    /// <summary>The person a theory row names: operator, principal, supervisor, assisting, inspector or leader.</summary>
    public Actor Person(string who) => who switch
    {
        "operator" => Operator,
        "principal" => Principal,
        "supervisor" => Supervisor,
        "assisting" => AssistingOperator,
        "inspector" => Inspector,
        "leader" => CityLeader,
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "unknown person"),
    };
    public Actor OtherOperator => TestData.Operator(Other);
    public static Actor CityLeader { get; } = new("u-leader", "周市长", new HashSet<string> { Roles.CityLeader }, null);

    /// <summary>Period 2026-03 (due 2026年4月5日) of the task.</summary>
    public const string March = "2026-03";

    public static async Task<ReportingWorld> CreateAsync(DateTimeOffset? now = null)
    {
        var db = await TestDatabase.CreateAsync();
        var folder = Path.Combine(Path.GetTempPath(), "supervision-reporting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var world = new ReportingWorld(db, folder, new FakeTimeProvider(now ?? new DateTimeOffset(2026, 4, 2, 2, 0, 0, TimeSpan.Zero)));
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        await using var context = Db.CreateDbContext();
        var lead = new Unit("市发展和改革委员会", UnitKind.Department, 1, "市发改委");
        var assisting = new Unit("市财政局", UnitKind.Department, 2);
        var other = new Unit("市教育局", UnitKind.Department, 3);
        context.Units.AddRange(lead, assisting, other);
        var leader = new Leader("周承远", "副市长", 1);
        context.Leaders.Add(leader);
        await context.SaveChangesAsync();
        (Lead, Assisting, Other, LeaderId) = (lead.Id, assisting.Id, other.Id, leader.Id);
        var at = new DateTime(2026, 1, 5, 2, 0, 0, DateTimeKind.Utc);
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, TestData.Definition(Lead, Assisting), Inspector, at);
        task.Assign(Inspector, at);
        task.Acknowledge(Operator, at);
        context.Tasks.Add(task);
        await context.SaveChangesAsync();
        TaskId = task.Id;
    }

    public static ReportContent Content(decimal percent, string progress = "已完成3条道路改造。") => new(progress, "资金到位偏慢。", "加快推进。", percent, null);

    /// <summary>Drafts the March report and walks it up to the inspector.</summary>
    public async Task<(int Id, long Version)> SubmitAsync(decimal percent = 40)
    {
        var id = await Chain.OpenAsync(Operator, TaskId, March, Content(percent));
        var v = await Reports.GetByIdAsync(Operator, id);
        var version = await Chain.SendForReviewAsync(Operator, id, v.Version);
        version = await Chain.ApproveAsync(Supervisor, id, version, "同意");
        version = await Chain.ApproveAsync(Principal, id, version, null);
        return (id, version);
    }

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync();
        Center.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        await Db.DisposeAsync();
    }
}
