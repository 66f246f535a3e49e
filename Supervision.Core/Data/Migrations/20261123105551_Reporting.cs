using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FoundFalseAt",
                table: "Reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEvents",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEvents",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Events written before the chain existed are numbered in the order they were written; their hashes
            // are filled in once by AuditChain.SealLegacy (the triggers below allow that only while Hash is null).
            migrationBuilder.Sql("UPDATE \"AuditEvents\" SET \"Sequence\" = (SELECT COUNT(*) FROM \"AuditEvents\" AS e WHERE e.\"Id\" <= \"AuditEvents\".\"Id\");");

            migrationBuilder.CreateTable(
                name: "ChaseRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChaseRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChaseRecords_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CoordinationRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    HelpNeeded = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FromWhom = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RaisedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RoutedToLeaderId = table.Column<int>(type: "INTEGER", nullable: true),
                    RoutedToName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RouteNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RoutedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RoutedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoordinationRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoordinationRequests_Leaders_RoutedToLeaderId",
                        column: x => x.RoutedToLeaderId,
                        principalTable: "Leaders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CoordinationRequests_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CoordinationRequests_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExtensionRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentDeadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedDeadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndorsedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EndorsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndorseComment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExtensionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExtensionRequests_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExtensionRequests_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LeaderRemarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RequiresResponse = table.Column<bool>(type: "INTEGER", nullable: false),
                    LeaderName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RespondedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RespondedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeaderRemarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeaderRemarks_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    ForLeaders = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true),
                    Link = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReadByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    PushedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PushAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    PushError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: true),
                    RevisionNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    OriginalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportContributions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    RevisionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportContributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportContributions_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportContributions_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitWebhooks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitWebhooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitWebhooks_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Sequence",
                table: "AuditEvents",
                column: "Sequence",
                unique: true);

            // The record is append-only: the database itself refuses to change or remove a sealed event.
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_no_update" BEFORE UPDATE ON "AuditEvents"
                WHEN OLD."Hash" IS NOT NULL
                BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_no_delete" BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ChaseRecords_DedupKey",
                table: "ChaseRecords",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChaseRecords_Number",
                table: "ChaseRecords",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChaseRecords_TaskId_Level",
                table: "ChaseRecords",
                columns: new[] { "TaskId", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_CoordinationRequests_RoutedToLeaderId",
                table: "CoordinationRequests",
                column: "RoutedToLeaderId");

            migrationBuilder.CreateIndex(
                name: "IX_CoordinationRequests_State",
                table: "CoordinationRequests",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_CoordinationRequests_TaskId",
                table: "CoordinationRequests",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_CoordinationRequests_UnitId",
                table: "CoordinationRequests",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtensionRequests_State",
                table: "ExtensionRequests",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_ExtensionRequests_TaskId",
                table: "ExtensionRequests",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtensionRequests_UnitId",
                table: "ExtensionRequests",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_LeaderRemarks_TaskId",
                table: "LeaderRemarks",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DedupKey",
                table: "Notifications",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_PushedAt",
                table: "Notifications",
                column: "PushedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientUnitId_ReadAt",
                table: "Notifications",
                columns: new[] { "RecipientUnitId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_ContentHash",
                table: "ReportAttachments",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_ReportId_RevisionNumber",
                table: "ReportAttachments",
                columns: new[] { "ReportId", "RevisionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_TaskId",
                table: "ReportAttachments",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportContributions_ReportId_UnitId",
                table: "ReportContributions",
                columns: new[] { "ReportId", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportContributions_UnitId",
                table: "ReportContributions",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitWebhooks_UnitId",
                table: "UnitWebhooks",
                column: "UnitId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEvents_no_update\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEvents_no_delete\";");

            migrationBuilder.DropTable(
                name: "ChaseRecords");

            migrationBuilder.DropTable(
                name: "CoordinationRequests");

            migrationBuilder.DropTable(
                name: "ExtensionRequests");

            migrationBuilder.DropTable(
                name: "LeaderRemarks");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "ReportContributions");

            migrationBuilder.DropTable(
                name: "UnitWebhooks");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Sequence",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "FoundFalseAt",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditEvents");
        }
    }
}
