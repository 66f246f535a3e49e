using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Supervision.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "AccessEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Client = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    LastOccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    ActorName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    EntityType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    EntityId = table.Column<int>(type: "integer", nullable: false),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Format = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    StateBefore = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Categories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClosedPeriods",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Label = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    End = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedByName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    Corrections = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EndedSessions",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EndedSessions", x => x.SessionId);
                });

            migrationBuilder.CreateTable(
                name: "IssuedDocuments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Leaders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Title = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leaders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecipientUnitId = table.Column<int>(type: "integer", nullable: true),
                    ForLeaders = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Body = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    TaskId = table.Column<int>(type: "integer", nullable: true),
                    Link = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReadByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    DedupKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true, collation: "C"),
                    PushedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PushAttempts = table.Column<int>(type: "integer", nullable: false),
                    PushError = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NumberSequences",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberSequences", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TaskImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    TaskCount = table.Column<int>(type: "integer", nullable: false),
                    FirstNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    LastNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    ImportedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    ImportedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnitGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Units",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    ShortName = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true, collation: "C"),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CategoryAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CategoryAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CategoryAliases_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Bulletins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Addressees = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    Opening = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Overall = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Progress = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Problems = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Requirements = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Issuer = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    CopyTo = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: true),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    IssuedByName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true, collation: "C"),
                    PdfDocumentId = table.Column<int>(type: "integer", nullable: true),
                    TableDocumentId = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedByName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C"),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bulletins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bulletins_IssuedDocuments_PdfDocumentId",
                        column: x => x.PdfDocumentId,
                        principalTable: "IssuedDocuments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Bulletins_IssuedDocuments_TableDocumentId",
                        column: x => x.TableDocumentId,
                        principalTable: "IssuedDocuments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LeaderAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LeaderId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeaderAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeaderAliases_Leaders_LeaderId",
                        column: x => x.LeaderId,
                        principalTable: "Leaders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnitGroupAliases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitGroupId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitGroupAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitGroupAliases_UnitGroups_UnitGroupId",
                        column: x => x.UnitGroupId,
                        principalTable: "UnitGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LeaderOversights",
                columns: table => new
                {
                    LeaderId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: true),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    Target = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    LeadUnitId = table.Column<int>(type: "integer", nullable: false),
                    ResponsibleLeaderId = table.Column<int>(type: "integer", nullable: true),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    OriginalDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    DeadlineText = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    ReportCycle = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    IndicatorName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true, collation: "C"),
                    IndicatorUnit = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true, collation: "C"),
                    IndicatorTarget = table.Column<decimal>(type: "numeric", nullable: true),
                    IndicatorDirection = table.Column<int>(type: "integer", nullable: true),
                    IndicatorMeasure = table.Column<int>(type: "integer", nullable: true),
                    InstructionLeader = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    InstructedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    InstructionText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    InstructionDocumentTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    InstructionDocumentNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true, collation: "C"),
                    MeetingName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    MeetingHeldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MeetingDecision = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    AgreementName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    AgreementCounterpart = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true, collation: "C"),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false, collation: "C")
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
                name: "UnitGroupMembers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    UnitGroupId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitGroupMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitGroupMembers_UnitGroups_UnitGroupId",
                        column: x => x.UnitGroupId,
                        principalTable: "UnitGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UnitGroupMembers_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UnitWebhooks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "ChaseRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true, collation: "C"),
                    DedupKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true, collation: "C"),
                    ByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    HelpNeeded = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    FromWhom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RaisedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RoutedToLeaderId = table.Column<int>(type: "integer", nullable: true),
                    RoutedToName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    RouteNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    RoutedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    RoutedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    AnsweredByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    CurrentDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    RequestedDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndorsedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    EndorsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndorseComment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    DecidedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecisionComment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    RequiresResponse = table.Column<bool>(type: "boolean", nullable: false),
                    LeaderName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    GivenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    RespondedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    RespondedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Requirements = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    ReportCycle = table.Column<int>(type: "integer", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IssuedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    PeriodLabel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    FirstSubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    FoundFalseAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    PlannedPercent = table.Column<decimal>(type: "numeric", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    TaskId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NoticeId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    IsLead = table.Column<bool>(type: "boolean", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C")
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
                name: "ReportAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    ReportId = table.Column<int>(type: "integer", nullable: true),
                    RevisionNumber = table.Column<int>(type: "integer", nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: true),
                    Purpose = table.Column<int>(type: "integer", nullable: false),
                    OriginalName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    UploadedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    UploadedByName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    UploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    ReportId = table.Column<int>(type: "integer", nullable: false),
                    RevisionNumber = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    AuthorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    AuthorName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "ReportRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReportId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Progress = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    Problems = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    NextSteps = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    ProgressPercent = table.Column<decimal>(type: "numeric", nullable: true),
                    IndicatorActual = table.Column<decimal>(type: "numeric", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<int>(type: "integer", nullable: false),
                    ReportId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    RevisionNumber = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<int>(type: "integer", nullable: false),
                    Result = table.Column<int>(type: "integer", nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Evidence = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    InspectorName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RevisionId = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    ActorName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C")
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
                name: "IX_AccessEvents_Action_Subject_LastOccurredAt",
                table: "AccessEvents",
                columns: new[] { "Action", "Subject", "LastOccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessEvents_Subject_OccurredAt",
                table: "AccessEvents",
                columns: new[] { "Subject", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Sequence",
                table: "AuditEvents",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TaskId",
                table: "AuditEvents",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_Number",
                table: "Bulletins",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_PdfDocumentId",
                table: "Bulletins",
                column: "PdfDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_PeriodKey",
                table: "Bulletins",
                column: "PeriodKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_TableDocumentId",
                table: "Bulletins",
                column: "TableDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_Categories_Year_Name",
                table: "Categories",
                columns: new[] { "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CategoryAliases_CategoryId",
                table: "CategoryAliases",
                column: "CategoryId");

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
                name: "IX_ClosedPeriods_PeriodKey",
                table: "ClosedPeriods",
                column: "PeriodKey",
                unique: true);

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
                name: "IX_EndedSessions_ExpiresAt",
                table: "EndedSessions",
                column: "ExpiresAt");

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
                name: "IX_IssuedDocuments_PeriodKey",
                table: "IssuedDocuments",
                column: "PeriodKey");

            migrationBuilder.CreateIndex(
                name: "IX_LeaderAliases_LeaderId",
                table: "LeaderAliases",
                column: "LeaderId");

            migrationBuilder.CreateIndex(
                name: "IX_LeaderOversights_UnitId",
                table: "LeaderOversights",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_LeaderRemarks_TaskId",
                table: "LeaderRemarks",
                column: "TaskId");

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
                name: "IX_TaskImports_Sha256",
                table: "TaskImports",
                column: "Sha256",
                unique: true);

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
                name: "IX_UnitGroupAliases_UnitGroupId",
                table: "UnitGroupAliases",
                column: "UnitGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitGroupMembers_UnitGroupId",
                table: "UnitGroupMembers",
                column: "UnitGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitGroupMembers_UnitId",
                table: "UnitGroupMembers",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitGroups_Name",
                table: "UnitGroups",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Units_Name",
                table: "Units",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitWebhooks_UnitId",
                table: "UnitWebhooks",
                column: "UnitId",
                unique: true);

            // Search indexes, the append-only record and the change announcements: see PostgresSchema.
            foreach (var sql in PostgresSchema.Create)
                migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresSchema.Drop)
                migrationBuilder.Sql(sql);

            migrationBuilder.DropTable(
                name: "AccessEvents");

            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "Bulletins");

            migrationBuilder.DropTable(
                name: "CategoryAliases");

            migrationBuilder.DropTable(
                name: "ChaseRecords");

            migrationBuilder.DropTable(
                name: "ClosedPeriods");

            migrationBuilder.DropTable(
                name: "CoordinationRequests");

            migrationBuilder.DropTable(
                name: "EndedSessions");

            migrationBuilder.DropTable(
                name: "ExtensionRequests");

            migrationBuilder.DropTable(
                name: "LeaderAliases");

            migrationBuilder.DropTable(
                name: "LeaderOversights");

            migrationBuilder.DropTable(
                name: "LeaderRemarks");

            migrationBuilder.DropTable(
                name: "NoticeReceipts");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "NumberSequences");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "ReportContributions");

            migrationBuilder.DropTable(
                name: "ReportSteps");

            migrationBuilder.DropTable(
                name: "SpotChecks");

            migrationBuilder.DropTable(
                name: "TaskAssistingUnits");

            migrationBuilder.DropTable(
                name: "TaskImports");

            migrationBuilder.DropTable(
                name: "TaskMilestones");

            migrationBuilder.DropTable(
                name: "UnitAliases");

            migrationBuilder.DropTable(
                name: "UnitGroupAliases");

            migrationBuilder.DropTable(
                name: "UnitGroupMembers");

            migrationBuilder.DropTable(
                name: "UnitWebhooks");

            migrationBuilder.DropTable(
                name: "IssuedDocuments");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "ReportRevisions");

            migrationBuilder.DropTable(
                name: "UnitGroups");

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
