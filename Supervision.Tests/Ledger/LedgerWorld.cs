using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>A real migrated database (SQLite or PostgreSQL, see <see cref="TestDatabase"/>) with a small directory (units with aliases, leaders, categories) and the ledger services.</summary>
internal sealed class LedgerWorld : IAsyncDisposable
{
    private JudgementService? _judgement;

    private LedgerWorld(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    public IOptions<LedgerOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new LedgerOptions());
    public Dictionary<string, int> Units { get; } = [];
    public Dictionary<string, int> Leaders { get; } = [];
    public int InvestmentCategory { get; private set; }

    public static Actor Inspector => TestData.Inspector;
    public static Actor Admin { get; } = new("u-admin", "管理员甲", new HashSet<string> { Roles.Admin }, null);
    public static Actor Leader { get; } = new("u-leader", "市长", new HashSet<string> { Roles.CityLeader }, null);

    public Actor Operator(string unit) => TestData.Operator(Units[unit]);

    public static async Task<LedgerWorld> CreateAsync()
    {
        var world = new LedgerWorld(await CreateDatabaseAsync());
        await using var db = world.Db.CreateDbContext();
        var units = new[]
        {
            new Unit("市发展和改革委员会", UnitKind.Department, 1, "市发展改革委"),
            new Unit("市财政局", UnitKind.Department, 2),
            new Unit("市住房和城乡建设局", UnitKind.Department, 3, "市住建局"),
            new Unit("澜东区", UnitKind.County, 1),
            new Unit("市自然资源和规划局", UnitKind.Department, 4, "市自然资源规划局"),
        };
        units[0].AddAlias("市发改委", Admin, TestData.At);
        units[3].AddAlias("澜东区人民政府", Admin, TestData.At);
        db.Units.AddRange(units);
        var category = new Category(2026, "扩大有效投资", 1);
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        var leader = new Supervision.Core.Domain.Leader("钱立恒", "常务副市长", 1);
        leader.SetOverseenUnits([units[0].Id, units[1].Id], Admin, TestData.At);
        db.Leaders.Add(leader);
        await db.SaveChangesAsync();
        foreach (var u in units)
            world.Units[u.ShortName ?? u.Name] = u.Id;
        world.Leaders["钱立恒"] = leader.Id;
        world.InvestmentCategory = category.Id;
        return world;
    }

    private static Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    public RegistrationService Registration() => new(Db, Clock);

    public AssignmentService Assignment() => new(Db, Clock, Options);

    public TaskImportService Import() => new(Db, Clock, Options);

    /// <summary>The one judged model over this world's database (shared, as the web host's singleton is).</summary>
    public JudgementService Judgement => _judgement ??= TestJudgement.For(Db, Clock);

    public LedgerQueryService Query() => new(Db, Judgement, Assignment(), Clock, Options);

    public TaskDetailService Detail() => new(Db, Assignment(), Judgement);

    public UnitDirectoryService Directory() => new(Db, Clock);

    public LeaderDirectoryService LeaderDirectory() => new(Db, Clock);

    public CategoryService Categories() => new(Db, Clock);

    public UnitGroupService Groups() => new(Db, Clock);

    public ImportAliasService ImportAliases() => new(Db, Clock);

    /// <summary>A valid form for <paramref name="source"/>, led by 市发展改革委 and assisted by 市财政局.</summary>
    public TaskInput Form(TaskSource source = TaskSource.AnnualKeyWork, string title = "城区道路改造", string? content = null, string lead = "市发展改革委", params string[] assisting)
    {
        var input = new TaskInput
        {
            Source = source,
            Year = 2026,
            CategoryId = source == TaskSource.AnnualKeyWork ? InvestmentCategory : null,
            Title = title,
            Content = content ?? $"{title}：完成城区10条道路改造提升。",
            LeadUnitId = Units[lead],
            AssistingUnitIds = (assisting.Length == 0 ? ["市财政局"] : assisting).Select(a => Units[a]).ToList(),
            ResponsibleLeaderId = Leaders["钱立恒"],
            Start = new DateTime(2026, 1, 1),
            Deadline = new DateTime(2026, 12, 31),
            DeadlineText = "年底前",
        };
        switch (source)
        {
            case TaskSource.LeaderInstruction:
                input.InstructionLeader = "周承远";
                input.InstructedOn = new DateTime(2026, 2, 20);
                input.InstructionText = "请市发改委牵头研究，尽快拿出方案。";
                input.DocumentTitle = "关于加快项目建设的报告";
                input.DocumentNumber = "澜发改〔2026〕12号";
                break;
            case TaskSource.MeetingDecision:
                input.MeetingName = "市政府第5次常务会议";
                input.MeetingHeldOn = new DateTime(2026, 2, 10);
                input.MeetingDecision = "会议决定加快推进城区道路改造。";
                break;
            case TaskSource.SpecialWork:
                input.AgreementName = "2026年度目标责任书";
                input.Counterpart = "澜东区人民政府";
                break;
        }

        return input;
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
