using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditStateHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Events written so far are hashed in form 1 (no data state).
            migrationBuilder.AddColumn<int>(
                name: "Format",
                table: "AuditEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "AuditEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StateBefore",
                table: "AuditEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Client",
                table: "AccessEvents",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Count",
                table: "AccessEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastOccurredAt",
                table: "AccessEvents",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.Sql("UPDATE \"AccessEvents\" SET \"LastOccurredAt\" = \"OccurredAt\";");

            // Nothing seals a row afterwards any more, so no update is allowed at all (the earlier trigger let a row
            // without a hash be updated once). Same statement as SqliteAuditSchema, which checks it at every start.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEvents_no_update\";");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_no_update" BEFORE UPDATE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
                """);

            migrationBuilder.CreateTable(
                name: "EndedSessions",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EndedSessions", x => x.SessionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessEvents_Action_Subject_LastOccurredAt",
                table: "AccessEvents",
                columns: new[] { "Action", "Subject", "LastOccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EndedSessions_ExpiresAt",
                table: "EndedSessions",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEvents_no_update\";");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_no_update" BEFORE UPDATE ON "AuditEvents"
                WHEN OLD."Hash" IS NOT NULL
                BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
                """);

            migrationBuilder.DropTable(
                name: "EndedSessions");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AccessEvents_Action_Subject_LastOccurredAt",
                table: "AccessEvents");

            migrationBuilder.DropColumn(
                name: "Format",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "State",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "StateBefore",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Client",
                table: "AccessEvents");

            migrationBuilder.DropColumn(
                name: "Count",
                table: "AccessEvents");

            migrationBuilder.DropColumn(
                name: "LastOccurredAt",
                table: "AccessEvents");
        }
    }
}
