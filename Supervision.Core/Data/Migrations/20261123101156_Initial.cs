using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Categories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Leaders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leaders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NumberSequences",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberSequences", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Units",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ShortName = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LeaderOversights",
                columns: table => new
                {
                    LeaderId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeaderOversights", x => new { x.LeaderId, x.UnitId });
                    table.ForeignKey(
                        name: "FK_LeaderOversights_Leaders_LeaderId",
                        column: x => x.LeaderId,
                        principalTable: "Leaders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LeaderOversights_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Tasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LeadUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponsibleLeaderId = table.Column<int>(type: "INTEGER", nullable: true),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OriginalDeadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DeadlineText = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReportCycle = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IndicatorName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    IndicatorUnit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    IndicatorTarget = table.Column<decimal>(type: "TEXT", nullable: true),
                    IndicatorDirection = table.Column<int>(type: "INTEGER", nullable: true),
                    IndicatorMeasure = table.Column<int>(type: "INTEGER", nullable: true),
                    InstructionLeader = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    InstructedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    InstructionText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InstructionDocumentTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    InstructionDocumentNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    MeetingName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MeetingHeldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    MeetingDecision = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AgreementName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreementCounterpart = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tasks_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Tasks_Leaders_ResponsibleLeaderId",
                        column: x => x.ResponsibleLeaderId,
                        principalTable: "Leaders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Tasks_Units_LeadUnitId",
                        column: x => x.LeadUnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitAliases_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Requirements = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReportCycle = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IssuedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PeriodLabel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FirstSubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reports_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Reports_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TaskAssistingUnits",
                columns: table => new
                {
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskAssistingUnits", x => new { x.TaskId, x.UnitId });
                    table.ForeignKey(
                        name: "FK_TaskAssistingUnits_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TaskAssistingUnits_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TaskMilestones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PlannedPercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskMilestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskMilestones_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NoticeReceipts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    IsLead = table.Column<bool>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeReceipts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NoticeReceipts_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NoticeReceipts_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Problems = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NextSteps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProgressPercent = table.Column<decimal>(type: "TEXT", nullable: true),
                    IndicatorActual = table.Column<decimal>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportRevisions_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpotChecks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    RevisionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    Result = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    InspectorName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotChecks_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportSteps_ReportRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "ReportRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TaskId",
                table: "AuditEvents",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Categories_Year_Name",
                table: "Categories",
                columns: new[] { "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LeaderOversights_UnitId",
                table: "LeaderOversights",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeReceipts_NoticeId_UnitId",
                table: "NoticeReceipts",
                columns: new[] { "NoticeId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NoticeReceipts_UnitId",
                table: "NoticeReceipts",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Number",
                table: "Notices",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notices_TaskId",
                table: "Notices",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRevisions_ReportId_Number",
                table: "ReportRevisions",
                columns: new[] { "ReportId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportRevisions_State_DecidedAt",
                table: "ReportRevisions",
                columns: new[] { "State", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_TaskId_PeriodKey",
                table: "Reports",
                columns: new[] { "TaskId", "PeriodKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_UnitId_DueDate",
                table: "Reports",
                columns: new[] { "UnitId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportSteps_RevisionId",
                table: "ReportSteps",
                column: "RevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotChecks_ReportId",
                table: "SpotChecks",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotChecks_TaskId",
                table: "SpotChecks",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotChecks_UnitId",
                table: "SpotChecks",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskAssistingUnits_UnitId",
                table: "TaskAssistingUnits",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_TaskMilestones_TaskId",
                table: "TaskMilestones",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CategoryId",
                table: "Tasks",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Deadline",
                table: "Tasks",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_LeadUnitId",
                table: "Tasks",
                column: "LeadUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Number",
                table: "Tasks",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ResponsibleLeaderId",
                table: "Tasks",
                column: "ResponsibleLeaderId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Year_CategoryId",
                table: "Tasks",
                columns: new[] { "Year", "CategoryId" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Year_Source_Sequence",
                table: "Tasks",
                columns: new[] { "Year", "Source", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitAliases_Name",
                table: "UnitAliases",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_UnitAliases_UnitId",
                table: "UnitAliases",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Units_Name",
                table: "Units",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "LeaderOversights");

            migrationBuilder.DropTable(
                name: "NoticeReceipts");

            migrationBuilder.DropTable(
                name: "NumberSequences");

            migrationBuilder.DropTable(
                name: "ReportSteps");

            migrationBuilder.DropTable(
                name: "SpotChecks");

            migrationBuilder.DropTable(
                name: "TaskAssistingUnits");

            migrationBuilder.DropTable(
                name: "TaskMilestones");

            migrationBuilder.DropTable(
                name: "UnitAliases");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "ReportRevisions");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropTable(
                name: "Tasks");

            migrationBuilder.DropTable(
                name: "Categories");

            migrationBuilder.DropTable(
                name: "Leaders");

            migrationBuilder.DropTable(
                name: "Units");
        }
    }
}
