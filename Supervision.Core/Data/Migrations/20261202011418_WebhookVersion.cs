using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebhookVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "UnitWebhooks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "UnitWebhooks");
        }
    }
}
