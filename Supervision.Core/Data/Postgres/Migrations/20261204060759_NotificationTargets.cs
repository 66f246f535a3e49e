using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NotificationTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PeriodKey",
                table: "Notifications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true,
                collation: "C");

            // A notification used to store the page address it opened; it now stores what it is about (the task, and the
            // period for a progress report) and the web app builds the address. Old rows keep pointing at the same place:
            // "/tasks/N/reports/KEY" becomes KEY, "/tasks/N" becomes null (the task itself).
            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "PeriodKey" = substring("Link" from position('/reports/' in "Link") + 9)
                WHERE "Link" LIKE '/tasks/%/reports/%';
                """);

            migrationBuilder.DropColumn(
                name: "Link",
                table: "Notifications");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "Notifications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "Link" = CASE WHEN "PeriodKey" IS NULL THEN '/tasks/' || "TaskId"::text ELSE '/tasks/' || "TaskId"::text || '/reports/' || "PeriodKey" END
                WHERE "TaskId" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "PeriodKey",
                table: "Notifications");
        }
    }
}
