using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
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
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            // A notification used to store the page address it opened; it now stores what it is about (the task, and the
            // period for a progress report) and the web app builds the address. Old rows keep pointing at the same place:
            // "/tasks/N/reports/KEY" becomes KEY, "/tasks/N" becomes null (the task itself).
            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "PeriodKey" = substr("Link", instr("Link", '/reports/') + 9)
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "Link" = CASE WHEN "PeriodKey" IS NULL THEN '/tasks/' || "TaskId" ELSE '/tasks/' || "TaskId" || '/reports/' || "PeriodKey" END
                WHERE "TaskId" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "PeriodKey",
                table: "Notifications");
        }
    }
}
