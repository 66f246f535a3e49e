using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Supervision.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TaskImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LastNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ImportedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedByName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskImports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TaskImports_Sha256",
                table: "TaskImports",
                column: "Sha256",
                unique: true);

            // Full-text search (FTS5, trigram tokenizer: substring matching for Chinese without word segmentation).
            // TaskText rowid = Tasks.Id; ReportText rowid = ReportRevisions.Id. Triggers keep both in step with
            // every insert, update and delete, in the same transaction as the change.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE TaskText USING fts5(Number, Title, Content, Target, tokenize='trigram');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ReportText USING fts5(Progress, Problems, NextSteps, tokenize='trigram');");
            migrationBuilder.Sql("""
                CREATE TRIGGER Tasks_TaskText_Insert AFTER INSERT ON Tasks BEGIN
                    INSERT INTO TaskText(rowid, Number, Title, Content, Target) VALUES (new.Id, new.Number, new.Title, new.Content, coalesce(new.Target, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Tasks_TaskText_Update AFTER UPDATE OF Number, Title, Content, Target ON Tasks BEGIN
                    DELETE FROM TaskText WHERE rowid = old.Id;
                    INSERT INTO TaskText(rowid, Number, Title, Content, Target) VALUES (new.Id, new.Number, new.Title, new.Content, coalesce(new.Target, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Tasks_TaskText_Delete AFTER DELETE ON Tasks BEGIN
                    DELETE FROM TaskText WHERE rowid = old.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ReportRevisions_ReportText_Insert AFTER INSERT ON ReportRevisions BEGIN
                    INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) VALUES (new.Id, new.Progress, coalesce(new.Problems, ''), coalesce(new.NextSteps, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ReportRevisions_ReportText_Update AFTER UPDATE OF Progress, Problems, NextSteps ON ReportRevisions BEGIN
                    DELETE FROM ReportText WHERE rowid = old.Id;
                    INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) VALUES (new.Id, new.Progress, coalesce(new.Problems, ''), coalesce(new.NextSteps, ''));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ReportRevisions_ReportText_Delete AFTER DELETE ON ReportRevisions BEGIN
                    DELETE FROM ReportText WHERE rowid = old.Id;
                END;
                """);
            migrationBuilder.Sql("INSERT INTO TaskText(rowid, Number, Title, Content, Target) SELECT Id, Number, Title, Content, coalesce(Target, '') FROM Tasks;");
            migrationBuilder.Sql("INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) SELECT Id, Progress, coalesce(Problems, ''), coalesce(NextSteps, '') FROM ReportRevisions;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Tasks_TaskText_Insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Tasks_TaskText_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Tasks_TaskText_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ReportRevisions_ReportText_Insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ReportRevisions_ReportText_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ReportRevisions_ReportText_Delete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS TaskText;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ReportText;");
            migrationBuilder.DropTable(
                name: "TaskImports");
        }
    }
}
